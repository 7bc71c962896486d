//! One notebook rendered as one chapter: its markdown cells as they are (maths turned into
//! MathML), code cells as Rust blocks, and each cell's outputs after it.

use crate::math;
use crate::notebook::{Cell, Notebook, Output, mime_text};
use base64::Engine;
use foundations::listing::LISTING_MIME;
use serde_json::Value;
use std::collections::BTreeMap;

/// Where chapters go, relative to the book's `src/`; every file in it is generated.
pub const CHAPTER_DIR: &str = "chapters";
/// Where their figures go, relative to `CHAPTER_DIR`.
pub const FIGURE_DIR: &str = "figures";

/// A rendered chapter: its page, the files it links to, and what the browser check looks for.
#[derive(Debug)]
pub struct Chapter {
    /// The notebook's file stem, e.g. `04_init`: the chapter is `chapters/04_init.md`.
    pub stem: String,
    /// The text of the notebook's first heading.
    pub title: String,
    pub markdown: String,
    /// Figures, by file name inside `chapters/figures/`.
    pub figures: BTreeMap<String, Vec<u8>>,
    /// Every text output, exactly as the page shows it in a `text` block.
    pub text_outputs: Vec<String>,
}

/// Renders `notebook` (read from `notebooks/{stem}.ipynb`) as a chapter.
pub fn render(stem: &str, notebook: &Notebook) -> Result<Chapter, String> {
    let mut chapter = Chapter {
        stem: stem.to_string(),
        title: String::new(),
        markdown: format!(
            "<!-- generated from notebooks/{stem}.ipynb by `cargo run -p nb2book` (book/convert); do not edit -->\n"
        ),
        figures: BTreeMap::new(),
        text_outputs: Vec::new(),
    };
    for (index, cell) in notebook.cells.iter().enumerate() {
        let number = index + 1;
        let place = |err: String| format!("notebooks/{stem}.ipynb, cell {number}: {err}");
        match cell {
            Cell::Markdown { source } => {
                if chapter.title.is_empty() {
                    chapter.title = first_heading(&source.0).unwrap_or_default();
                }
                let markdown = math::convert_markdown(&source.0).map_err(place)?;
                push_block(&mut chapter.markdown, &markdown);
            }
            Cell::Code { source, outputs } => {
                render_code(&mut chapter.markdown, &source.0);
                render_outputs(&mut chapter, number, outputs).map_err(place)?;
            }
            Cell::Raw { .. } => {}
        }
    }
    if chapter.title.is_empty() {
        return Err(format!(
            "notebooks/{stem}.ipynb has no `# heading` in a markdown cell: the chapter needs a title"
        ));
    }
    Ok(chapter)
}

/// The text of the first `# ` heading in markdown.
fn first_heading(markdown: &str) -> Option<String> {
    markdown
        .lines()
        .find_map(|line| line.strip_prefix("# "))
        .map(|title| title.trim().to_string())
}

/// Appends a block of markdown, separated from the previous one by a blank line.
fn push_block(page: &mut String, block: &str) {
    let block = block.trim_matches('\n');
    if block.is_empty() {
        return;
    }
    page.push('\n');
    page.push_str(block);
    page.push('\n');
}

/// A fenced block whose fence is longer than any backtick run inside it.
fn fenced(language: &str, text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{language}\n{text}\n{fence}")
}

/// A line that the evcxr kernel executes as a command (`:opt 2`, `:dep …`), not as Rust. Rust
/// never starts a line with `:` and a letter (paths start with `::`).
fn kernel_command(line: &str) -> Option<&str> {
    let command = line.trim();
    let mut chars = command.chars();
    (chars.next() == Some(':') && chars.next().is_some_and(|c| c.is_ascii_alphabetic()))
        .then_some(command)
}

/// What a kernel command does, for the note that replaces it.
fn explain_command(command: &str) -> &'static str {
    let name = command[1..].split_whitespace().next().unwrap_or("");
    match name {
        "opt" => "compile the cells that follow with this optimisation level",
        "dep" => "add a crate as a dependency of the cells that follow",
        "timing" => "print how long each cell takes to run",
        "clear" => "forget every variable and item defined so far",
        "vars" | "types" => "list the variables defined so far",
        _ => "a command to the evcxr kernel",
    }
}

/// A code cell: kernel commands become a one-line note, the rest is a Rust block.
fn render_code(page: &mut String, source: &str) {
    let mut rust = Vec::new();
    for line in source.lines() {
        match kernel_command(line) {
            Some(command) => push_block(
                page,
                &format!(
                    "> *Kernel command* `{command}`: {}. Lines that start with `:` are \
                     instructions to the evcxr kernel, not Rust.",
                    explain_command(command)
                ),
            ),
            None => rust.push(line),
        }
    }
    let code = rust.join("\n");
    if !code.trim().is_empty() {
        push_block(page, &fenced("rust", code.trim_matches('\n')));
    }
}

/// A cell's outputs in order; consecutive prints to the same stream read as one block.
fn render_outputs(chapter: &mut Chapter, cell: usize, outputs: &[Output]) -> Result<(), String> {
    let mut stream: Option<(&str, String)> = None;
    for (index, output) in outputs.iter().enumerate() {
        if let Output::Stream { name, text } = output {
            match &mut stream {
                Some((open, buffer)) if *open == name.as_str() => buffer.push_str(&text.0),
                _ => {
                    flush_text(chapter, stream.take().map(|(_, text)| text));
                    stream = Some((name, text.0.clone()));
                }
            }
            continue;
        }
        flush_text(chapter, stream.take().map(|(_, text)| text));
        match output {
            Output::DisplayData { data } | Output::ExecuteResult { data } => {
                render_rich(chapter, cell, index + 1, data)?
            }
            Output::Error { ename, evalue } => {
                return Err(format!(
                    "the saved outputs hold an error ({ename}: {evalue}); fix the cell and run \
                     notebooks/run.py --update before converting"
                ));
            }
            Output::Stream { .. } => unreachable!("streams are handled above"),
        }
    }
    flush_text(chapter, stream.map(|(_, text)| text));
    Ok(())
}

/// A listing of the library's source, shown in the book by mdBook's `{{#include}}` of the same
/// anchored region, so the page always shows the code the library has now.
fn listing_include(json: &str) -> Result<String, String> {
    let value: Value = serde_json::from_str(json)
        .map_err(|e| format!("{LISTING_MIME} is not JSON ({e}): {json}"))?;
    let field = |name: &str| {
        value[name]
            .as_str()
            .filter(|s| !s.is_empty() && !s.contains(['`', '}', '\n']))
            .ok_or_else(|| format!("{LISTING_MIME} needs a string `{name}`; got {json}"))
    };
    let (file, anchor) = (field("file")?, field("anchor")?);
    Ok(format!(
        "*From `{file}` (`{anchor}`):*\n\n```rust\n{{{{#include ../../../{file}:{anchor}}}}}\n```"
    ))
}

fn flush_text(chapter: &mut Chapter, text: Option<String>) {
    if let Some(text) = text {
        // Trailing newlines (a `println!` of text that ends in one) cannot show on a page.
        let shown = text.trim_end_matches('\n');
        push_block(&mut chapter.markdown, &fenced("text", shown));
        chapter.text_outputs.push(shown.to_string());
    }
}

/// A display output in its richest form: an image, HTML, markdown, LaTeX, then plain text.
fn render_rich(
    chapter: &mut Chapter,
    cell: usize,
    output: usize,
    data: &BTreeMap<String, Value>,
) -> Result<(), String> {
    let text = |mime: &str| data.get(mime).and_then(mime_text);
    // nbformat keeps a `+json` output as a JSON object; evcxr's raw output is its text.
    let listing = data.get(LISTING_MIME).and_then(|value| match value {
        Value::Object(_) => Some(value.to_string()),
        other => mime_text(other),
    });
    if let Some(json) = listing {
        let include = listing_include(&json).map_err(|e| format!("output {output}: {e}"))?;
        push_block(&mut chapter.markdown, &include);
        return Ok(());
    }
    let alt = format!("output of cell {cell}");
    for (mime, extension) in [("image/svg+xml", "svg"), ("image/png", "png")] {
        let Some(content) = text(mime) else { continue };
        let bytes = if extension == "png" {
            let base64: String = content.split_whitespace().collect();
            base64::engine::general_purpose::STANDARD
                .decode(base64)
                .map_err(|e| format!("output {output}: image/png is not valid base64: {e}"))?
        } else {
            content.into_bytes()
        };
        let name = format!("{}-cell{cell:02}-{output}.{extension}", chapter.stem);
        push_block(
            &mut chapter.markdown,
            &format!("![{alt}]({FIGURE_DIR}/{name})"),
        );
        chapter.figures.insert(name, bytes);
        return Ok(());
    }
    if let Some(html) = text("text/html") {
        // An HTML block ends at a blank line, so blank lines inside it are dropped.
        let lines: Vec<&str> = html.lines().filter(|l| !l.trim().is_empty()).collect();
        push_block(
            &mut chapter.markdown,
            &format!("<div class=\"cell-output\">\n{}\n</div>", lines.join("\n")),
        );
    } else if let Some(markdown) = text("text/markdown") {
        push_block(
            &mut chapter.markdown,
            &math::convert_markdown(&markdown).map_err(|e| format!("output {output}: {e}"))?,
        );
    } else if let Some(latex) = text("text/latex") {
        let display = format!("$${}$$", latex.trim().trim_matches('$'));
        push_block(
            &mut chapter.markdown,
            &math::convert_markdown(&display).map_err(|e| format!("output {output}: {e}"))?,
        );
    } else if let Some(plain) = text("text/plain") {
        flush_text(chapter, Some(plain));
    } else {
        let kinds: Vec<&str> = data.keys().map(String::as_str).collect();
        return Err(format!(
            "output {output} has no kind the book can show ({}); expected an image, HTML, markdown, \
             LaTeX or plain text",
            kinds.join(", ")
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notebook(cells: &str) -> Notebook {
        Notebook::parse(
            "t.ipynb",
            &format!(r#"{{"nbformat": 4, "cells": [{cells}]}}"#),
        )
        .unwrap()
    }

    #[test]
    fn cells_outputs_and_figures_in_order() {
        let png = base64::engine::general_purpose::STANDARD.encode(b"\x89PNG fake");
        let nb = notebook(&format!(
            r##"{{"cell_type": "markdown", "source": "# 01 · Title\n\nSome $x$."}},
               {{"cell_type": "code", "source": "println!(\"a\");\nprintln!(\"b\");\nshow(&x)",
                "outputs": [{{"output_type": "stream", "name": "stdout", "text": "a\n"}},
                            {{"output_type": "stream", "name": "stdout", "text": "b\n"}},
                            {{"output_type": "execute_result", "data": {{"text/plain": "[1, 2]"}}}},
                            {{"output_type": "display_data", "data": {{"image/png": "{png}\n", "text/plain": "fig"}}}}]}}"##
        ));
        let chapter = render("01_t", &nb).unwrap();
        assert_eq!(chapter.title, "01 · Title");
        assert_eq!(chapter.text_outputs, ["a\nb", "[1, 2]"]);
        assert_eq!(chapter.figures["01_t-cell02-4.png"], b"\x89PNG fake");
        let expected = "\n# 01 · Title\n\nSome <math><mi>x</mi></math>.\n\n```rust\nprintln!(\"a\");\nprintln!(\"b\");\nshow(&x)\n```\n\n```text\na\nb\n```\n\n```text\n[1, 2]\n```\n\n![output of cell 2](figures/01_t-cell02-4.png)\n";
        assert!(
            chapter
                .markdown
                .starts_with("<!-- generated from notebooks/01_t.ipynb"),
            "{}",
            chapter.markdown
        );
        assert_eq!(
            &chapter.markdown[chapter.markdown.find('\n').unwrap() + 1..],
            expected
        );
    }

    #[test]
    fn richest_form_of_each_display_output() {
        let nb = notebook(
            r##"{"cell_type": "markdown", "source": "# T"},
               {"cell_type": "code", "source": "x", "outputs": [
                 {"output_type": "display_data", "data": {"image/svg+xml": "<svg/>", "image/png": "", "text/plain": "fig"}},
                 {"output_type": "display_data", "data": {"text/html": "<table>\n\n<tr><td>1</td></tr>\n</table>", "text/plain": "t"}},
                 {"output_type": "execute_result", "data": {"text/markdown": "$$2 x$$\n\n**agree**", "text/plain": "m"}},
                 {"output_type": "execute_result", "data": {"text/latex": "$y$", "text/plain": "l"}}]}"##,
        );
        let chapter = render("05_t", &nb).unwrap();
        assert_eq!(chapter.figures["05_t-cell02-1.svg"], b"<svg/>");
        assert!(!chapter.figures.contains_key("05_t-cell02-1.png"));
        let page = &chapter.markdown;
        assert!(
            page.contains("![output of cell 2](figures/05_t-cell02-1.svg)"),
            "{page}"
        );
        assert!(
            page.contains(
                "<div class=\"cell-output\">\n<table>\n<tr><td>1</td></tr>\n</table>\n</div>"
            ),
            "{page}"
        );
        assert!(
            page.contains("<math display=\"block\"><mn>2</mn><mi>x</mi></math>\n\n**agree**"),
            "{page}"
        );
        assert!(
            page.contains("<math display=\"block\"><mi>y</mi></math>"),
            "{page}"
        );
        assert!(
            chapter.text_outputs.is_empty(),
            "plain text is only the fallback"
        );

        let unknown = notebook(
            r##"{"cell_type": "markdown", "source": "# T"},
               {"cell_type": "code", "source": "x", "outputs": [
                 {"output_type": "display_data", "data": {"application/json": {"a": 1}}}]}"##,
        );
        let err = render("05_t", &unknown).unwrap_err();
        assert!(
            err.contains("cell 2: output 1 has no kind the book can show (application/json)"),
            "{err}"
        );
    }

    #[test]
    fn a_listing_becomes_an_include_of_the_same_anchor() {
        let nb = notebook(
            r##"{"cell_type": "markdown", "source": "# T"},
               {"cell_type": "code", "source": "listing(\"a.rs\", \"step\")?", "outputs": [
                 {"output_type": "execute_result", "data": {
                   "application/vnd.foundations.listing+json": "{\"file\": \"src/a.rs\", \"anchor\": \"step\"}",
                   "text/markdown": "*From*\n\n```rust\nfn a() {}\n```", "text/plain": "fn a() {}"}}]}"##,
        );
        let page = render("01_t", &nb).unwrap().markdown;
        assert!(
            page.ends_with(
                "*From `src/a.rs` (`step`):*\n\n```rust\n{{#include ../../../src/a.rs:step}}\n```\n"
            ),
            "{page}"
        );
        assert!(!page.contains("fn a() {}"), "{page}");

        // As a notebook saved by Jupyter (nbformat) holds it: a JSON object, not its text.
        let saved = notebook(
            r##"{"cell_type": "markdown", "source": "# T"},
               {"cell_type": "code", "source": "listing(\"a.rs\", \"step\")?", "outputs": [
                 {"output_type": "execute_result", "data": {
                   "application/vnd.foundations.listing+json": {"file": "src/a.rs", "anchor": "step"},
                   "text/markdown": "*From*\n\n```rust\nfn a() {}\n```", "text/plain": "fn a() {}"}}]}"##,
        );
        let page = render("01_t", &saved).unwrap().markdown;
        assert!(
            page.ends_with("```rust\n{{#include ../../../src/a.rs:step}}\n```\n"),
            "{page}"
        );

        let bad = notebook(
            r##"{"cell_type": "markdown", "source": "# T"},
               {"cell_type": "code", "source": "x", "outputs": [
                 {"output_type": "execute_result", "data": {
                   "application/vnd.foundations.listing+json": "{\"file\": \"src/a.rs\"}"}}]}"##,
        );
        let err = render("01_t", &bad).unwrap_err();
        assert!(err.contains("needs a string `anchor`"), "{err}");
    }

    #[test]
    fn kernel_commands_become_notes_and_paths_stay_rust() {
        let mut page = String::new();
        render_code(&mut page, ":opt 2\n::std::mem::drop(1);");
        assert!(page.contains("> *Kernel command* `:opt 2`: compile the cells that follow with this optimisation level."), "{page}");
        assert!(
            page.contains("```rust\n::std::mem::drop(1);\n```"),
            "{page}"
        );
        let mut only_command = String::new();
        render_code(&mut only_command, ":timing");
        assert!(!only_command.contains("```"), "{only_command}");
    }

    #[test]
    fn fences_outgrow_backticks_in_outputs() {
        assert_eq!(fenced("text", "a ```` b"), "`````text\na ```` b\n`````");
        assert_eq!(fenced("text", "plain"), "```text\nplain\n```");
    }

    #[test]
    fn errors_name_the_notebook_the_cell_and_the_problem() {
        let nb = notebook(
            r##"{"cell_type": "markdown", "source": "# T"},
               {"cell_type": "code", "source": "x", "outputs": [{"output_type": "error", "ename": "E0425", "evalue": "cannot find x"}]}"##,
        );
        let err = render("02_t", &nb).unwrap_err();
        assert!(
            err.starts_with("notebooks/02_t.ipynb, cell 2: ")
                && err.contains("E0425: cannot find x"),
            "{err}"
        );
        let untitled = notebook(r#"{"cell_type": "markdown", "source": "no heading"}"#);
        assert!(
            render("03_t", &untitled)
                .unwrap_err()
                .contains("no `# heading`")
        );
    }
}
