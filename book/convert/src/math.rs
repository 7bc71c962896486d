//! LaTeX maths in markdown (`$…$` inline, `$$…$$` display) turned into MathML, which browsers
//! render natively: the book needs no maths script and no network.

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};

/// Replaces every formula of `markdown` outside code (fenced blocks and backtick spans) with
/// MathML. A `$` that opens nothing (no closing `$`, or followed by a space) stays as it is, and
/// so does `\$`. A formula the converter cannot read is an error that quotes it.
pub fn convert_markdown(markdown: &str) -> Result<String, String> {
    let converter = LatexToMathML::new(MathCoreConfig::default())
        .map_err(|(err, _, _)| format!("setting up the LaTeX converter: {err:?}"))?;
    let mut out = String::with_capacity(markdown.len());
    let mut fence: Option<String> = None;
    // Paragraph text waiting for conversion: formulas may span lines, but never a code block.
    let mut prose = String::new();
    for line in markdown.split_inclusive('\n') {
        let marker = fence_marker(line);
        match (&fence, marker) {
            (None, Some(open)) => {
                out.push_str(&convert_prose(&converter, &prose)?);
                prose.clear();
                out.push_str(line);
                fence = Some(open);
            }
            (Some(open), Some(close)) if close.starts_with(open.as_str()) => {
                out.push_str(line);
                fence = None;
            }
            (Some(_), _) => out.push_str(line),
            (None, None) => prose.push_str(line),
        }
    }
    out.push_str(&convert_prose(&converter, &prose)?);
    Ok(out)
}

/// The backtick or tilde run that opens or closes a fenced code block on this line, if any.
fn fence_marker(line: &str) -> Option<String> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let first = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run: String = trimmed.chars().take_while(|c| *c == first).collect();
    (run.len() >= 3).then_some(run)
}

/// Converts the formulas of text that holds no fenced code, skipping backtick code spans.
fn convert_prose(converter: &LatexToMathML, text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(['`', '$', '\\']) {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        if rest.starts_with('\\') {
            // An escaped character (`\$` among them) is copied as it is.
            let len = rest[1..].chars().next().map_or(1, |c| 1 + c.len_utf8());
            out.push_str(&rest[..len]);
            rest = &rest[len..];
        } else if rest.starts_with('`') {
            let run = rest.len() - rest.trim_start_matches('`').len();
            let ticks = &rest[..run];
            // A code span ends at the next run of exactly as many backticks.
            let end = find_run(&rest[run..], ticks).map_or(run, |at| run + at + run);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else if let Some((latex, len, display)) = formula_at(rest) {
            let mode = if display {
                MathDisplay::Block
            } else {
                MathDisplay::Inline
            };
            let mathml = converter
                .convert_with_local_state(latex, mode)
                .map_err(|err| format!("cannot convert the formula {:?}: {err:?}", &rest[..len]))?;
            out.push_str(&escape_text_nodes(&mathml.mathml));
            rest = &rest[len..];
        } else {
            out.push('$');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// Where `ticks` occurs in `text` as a run of exactly that many backticks.
fn find_run(text: &str, ticks: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find(ticks) {
        let start = from + at;
        let end = start + ticks.len();
        let before = start > 0 && text.as_bytes()[start - 1] == b'`';
        let after = text.as_bytes().get(end) == Some(&b'`');
        if !before && !after {
            return Some(start);
        }
        from = end + text[end..].len() - text[end..].trim_start_matches('`').len();
    }
    None
}

/// A formula starting at `text[0] == '$'`: its LaTeX, the length of `$…$` or `$$…$$` in `text`,
/// and whether it is displayed. Inline formulas follow pandoc's rule: no space just inside the
/// dollars, and no digit just after the closing one (so "$5 and $6" is not maths).
fn formula_at(text: &str) -> Option<(&str, usize, bool)> {
    if let Some(body) = text.strip_prefix("$$") {
        let end = body.find("$$")?;
        return Some((body[..end].trim(), end + 4, true));
    }
    let body = &text[1..];
    if body.starts_with(char::is_whitespace) {
        return None;
    }
    let mut search = 0;
    while let Some(at) = body[search..].find('$') {
        let end = search + at;
        let escaped = body[..end].ends_with('\\');
        let spaced = body[..end].ends_with(char::is_whitespace);
        let digit_after = body[end + 1..].starts_with(|c: char| c.is_ascii_digit());
        if end > 0 && !escaped && !spaced && !digit_after {
            return Some((&body[..end], end + 2, false));
        }
        search = end + 1;
    }
    None
}

/// Markdown still parses the text between inline HTML tags, so every ASCII punctuation mark in
/// MathML text (an operator such as `*`, `_`, `|`, `[` or a quote that smart punctuation would
/// curl) is written as a numeric character reference, which markdown takes literally. Tags and
/// the references MathML already uses are left alone.
fn escape_text_nodes(mathml: &str) -> String {
    let mut out = String::with_capacity(mathml.len());
    let mut in_tag = false;
    let mut in_reference = false;
    for c in mathml.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(c);
                continue;
            }
            '&' if !in_tag => in_reference = true,
            ';' if in_reference => {
                in_reference = false;
                out.push(c);
                continue;
            }
            _ => {}
        }
        if !in_tag && !in_reference && c.is_ascii_punctuation() {
            out.push_str(&format!("&#{};", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_inline_formulas_become_mathml() {
        let out = convert_markdown("For $x_i$:\n\n$$\\sum_k a_{ik}$$\n").unwrap();
        assert!(
            out.starts_with(
                "For <math><msub><mi>x</mi><mi>i</mi></msub></math>:\n\n<math display=\"block\">"
            ),
            "{out}"
        );
        assert!(out.contains("∑") && out.ends_with("</math>\n"), "{out}");
        assert!(!out.contains('$'), "{out}");
    }

    #[test]
    fn environments_used_by_the_notebooks_convert() {
        for latex in [
            "$$\\begin{aligned}\ny &= u^{2} \\\\\n\\frac{dy}{du} &= 2 u\n\\end{aligned}$$",
            "$$\\begin{cases} 1 & x > 0 \\\\ 0 & x \\le 0 \\end{cases}$$",
            "$\\log\\big(e^{x} / \\sum_k e^{x_k}\\big)$",
            "$$\\operatorname{nll} = -\\frac{1}{n}\\sum_{i} \\log p_{i,\\,y_i}$$",
        ] {
            let out = convert_markdown(latex).unwrap();
            assert!(
                out.starts_with("<math") && !out.contains('$'),
                "{latex}: {out}"
            );
        }
    }

    #[test]
    fn code_escaped_dollars_and_prices_are_left_alone() {
        let text = "`$x$` and ``a`$y$`b`` and \\$z\\$ and $5 or $6.\n```sh\necho $HOME $x$\n```\n";
        assert_eq!(convert_markdown(text).unwrap(), text);
    }

    #[test]
    fn operators_in_mathml_text_cannot_be_read_as_markdown() {
        let out = convert_markdown("$|a| * b_c$").unwrap();
        assert!(!out.contains(">|<") && out.contains("&#124;"), "{out}");
        assert!(!out.contains(">*<"), "{out}");
        // Tags and their attributes are untouched.
        assert!(
            out.starts_with("<math>") && out.ends_with("</math>"),
            "{out}"
        );
    }

    #[test]
    fn a_formula_that_cannot_be_read_is_an_error_naming_it() {
        let err = convert_markdown("$$\\frac{1}$$").unwrap_err();
        assert!(err.contains("\\\\frac{1}"), "{err}");
    }
}
