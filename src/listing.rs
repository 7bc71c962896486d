//! The library's own code, shown on the page.
//!
//! The steps the chapter teaches (the three loops, the gradients, the layers, the training loop)
//! live in the library, where they are compiled and tested. A notebook shows one of them with
//!
//! ```text
//! listing("matmul_loops.rs", "matmul_loops")?
//! ```
//!
//! which returns the lines of `src/matmul_loops.rs` between `// ANCHOR: matmul_loops` and
//! `// ANCHOR_END: matmul_loops`, taken from the very text the crate was compiled from
//! (`include_str!`), so what the learner reads cannot drift from what runs. The markers are
//! mdBook's own: the book shows the same region with `{{#include ../../../src/matmul_loops.rs:matmul_loops}}`
//! (the book's converter writes that line wherever a notebook showed a listing). Marker lines of
//! other regions inside the shown one are left out, as mdBook does.
//!
//! ```
//! use foundations::listing::listing;
//! let code = listing("matmul_loops.rs", "matmul_loops").unwrap();
//! assert!(code.code().contains("for i in 0..dims.rows"));
//! let err = listing("matmul_loops.rs", "no_such_step").unwrap_err();
//! assert!(err.to_string().contains("no `ANCHOR: no_such_step` marker"));
//! ```

use std::fmt;
use std::io::Write;

use crate::error::{Error, Result};

/// The files a notebook may show code from (paths relative to `src/`), with their text as
/// compiled into this crate.
macro_rules! sources {
    ($($file:literal),* $(,)?) => {
        &[$(($file, include_str!($file))),*]
    };
}

const SOURCES: &[(&str, &str)] = sources![
    "matmul_loops.rs",
    "ladder/mod.rs",
    "broadcast.rs",
    "einsum/loops.rs",
    "einsum/spec.rs",
    "init.rs",
    "backprop/functional.rs",
    "backprop/layers.rs",
    "backprop/weight_grad.rs",
    "cross_entropy.rs",
    "training/mod.rs",
    "training/loader.rs",
    "training/learner.rs",
    "training/sequential.rs",
];

/// The mime type that tells the book's converter which region a notebook showed.
pub const LISTING_MIME: &str = "application/vnd.foundations.listing+json";

/// A region of the library's source, between two anchor comments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    file: &'static str,
    anchor: String,
    code: String,
}

/// The code of `src/{file}` between `// ANCHOR: {anchor}` and `// ANCHOR_END: {anchor}`.
pub fn listing(file: &str, anchor: &str) -> Result<Listing> {
    let (file, text) = SOURCES
        .iter()
        .find(|(name, _)| *name == file)
        .ok_or_else(|| {
            let known: Vec<&str> = SOURCES.iter().map(|(name, _)| *name).collect();
            Error::Invalid(format!(
                "listing: no source file `{file}`; expected one of {}",
                known.join(", ")
            ))
        })?;
    let code = region(text, anchor)
        .map_err(|reason| Error::Invalid(format!("listing: src/{file} has {reason}")))?;
    Ok(Listing {
        file,
        anchor: anchor.to_string(),
        code,
    })
}

/// The lines between `// ANCHOR: name` and `// ANCHOR_END: name`, without any marker lines.
///
/// The error names what is missing: the start marker, or its end after the start.
pub fn region(text: &str, anchor: &str) -> std::result::Result<String, String> {
    let mut lines = text.lines();
    lines
        .by_ref()
        .find(|line| marker(line) == Some(("ANCHOR", anchor)))
        .ok_or_else(|| format!("no `ANCHOR: {anchor}` marker"))?;
    let mut code = Vec::new();
    for line in lines {
        match marker(line) {
            Some(("ANCHOR_END", name)) if name == anchor => return Ok(code.join("\n")),
            Some(_) => {}
            None => code.push(line),
        }
    }
    Err(format!(
        "`ANCHOR: {anchor}` but no `ANCHOR_END: {anchor}` after it"
    ))
}

/// `Some(("ANCHOR", name))` for a line holding `ANCHOR: name`, likewise for `ANCHOR_END`: the
/// markers mdBook recognises in any comment syntax (`// ANCHOR: x`, `<!-- ANCHOR: x -->`).
fn marker(line: &str) -> Option<(&'static str, &str)> {
    let (kind, rest) = match line.split_once("ANCHOR_END:") {
        Some((_, rest)) => ("ANCHOR_END", rest),
        None => ("ANCHOR", line.split_once("ANCHOR:")?.1),
    };
    let rest = rest.trim_start();
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    (end > 0).then(|| (kind, &rest[..end]))
}

impl Listing {
    /// The shown lines, exactly as they stand in the source.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// Where they come from, e.g. `src/matmul_loops.rs`.
    pub fn path(&self) -> String {
        format!("src/{}", self.file)
    }

    /// The Markdown a notebook shows: a caption naming the file, then the code as Rust.
    pub fn to_markdown(&self) -> String {
        format!(
            "*From `{}` (`{}`):*\n\n```rust\n{}\n```",
            self.path(),
            self.anchor,
            self.code
        )
    }

    /// What the book's converter reads: the file and the anchor, as JSON.
    pub fn to_json(&self) -> String {
        format!(
            "{{\"file\": \"{}\", \"anchor\": \"{}\"}}",
            self.path(),
            self.anchor
        )
    }

    /// Shows the listing when it is the last value of an evcxr notebook cell: highlighted Rust
    /// for Jupyter, plain text for other front ends, and the anchor for the book's converter.
    pub fn evcxr_display(&self) {
        let mut block = String::new();
        for (mime, content) in [
            ("text/markdown", self.to_markdown()),
            ("text/plain", self.code.clone()),
            (LISTING_MIME, self.to_json()),
        ] {
            block.push_str(&format!(
                "EVCXR_BEGIN_CONTENT {mime}\n{content}\nEVCXR_END_CONTENT\n"
            ));
        }
        let mut out = std::io::stdout().lock();
        // A notebook whose stdout is gone has nowhere to show an error either.
        let _ = out.write_all(block.as_bytes()).and_then(|()| out.flush());
    }
}

impl fmt::Display for Listing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "fn before() {}\n// ANCHOR: outer\nfn a() {}\n    // ANCHOR: inner\n    let x = 1;\n    // ANCHOR_END: inner\nfn b() {}\n// ANCHOR_END: outer\n// ANCHOR: open\nfn c() {}\n";

    #[test]
    fn a_region_is_the_lines_between_its_markers_without_other_markers() {
        assert_eq!(
            region(TEXT, "outer").unwrap(),
            "fn a() {}\n    let x = 1;\nfn b() {}"
        );
        assert_eq!(region(TEXT, "inner").unwrap(), "    let x = 1;");
    }

    #[test]
    fn a_missing_start_or_end_marker_is_named() {
        assert_eq!(
            region(TEXT, "nowhere").unwrap_err(),
            "no `ANCHOR: nowhere` marker"
        );
        assert_eq!(
            region(TEXT, "open").unwrap_err(),
            "`ANCHOR: open` but no `ANCHOR_END: open` after it"
        );
    }

    #[test]
    fn a_name_that_only_starts_like_the_anchor_does_not_match() {
        assert!(region(TEXT, "out").is_err());
    }

    #[test]
    fn markers_in_html_comments_count_as_mdbook_counts_them() {
        let page = "intro\n<!-- ANCHOR: students -->\nread this\n<!-- ANCHOR_END: students -->\n";
        assert_eq!(region(page, "students").unwrap(), "read this");
    }

    #[test]
    fn an_unknown_file_lists_the_files_that_can_be_shown() {
        let err = listing("secret.rs", "x").unwrap_err().to_string();
        assert!(err.contains("no source file `secret.rs`"), "{err}");
        assert!(err.contains("matmul_loops.rs"), "{err}");
    }

    #[test]
    fn the_notebook_display_carries_the_anchor_for_the_book() {
        let shown = listing("matmul_loops.rs", "matmul_loops").unwrap();
        assert!(
            shown
                .to_markdown()
                .starts_with("*From `src/matmul_loops.rs` (`matmul_loops`):*\n\n```rust\n")
        );
        assert_eq!(
            shown.to_json(),
            "{\"file\": \"src/matmul_loops.rs\", \"anchor\": \"matmul_loops\"}"
        );
    }
}
