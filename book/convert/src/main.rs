//! nb2book: the course's executed notebooks as the chapters of its book.
//!
//!     cargo run -p nb2book              write book/src/chapters/ from notebooks/*.ipynb
//!     cargo run -p nb2book -- --check   fail, listing the files, if the committed chapters differ
//!     cargo run -p nb2book -- --manifest   print what each chapter page must show (JSON)
//!
//! Everything in book/src/chapters/ is generated: writing replaces it whole, and the check fails
//! on a chapter or figure that is missing, different or left over. Both also check that
//! book/src/SUMMARY.md links every chapter, in notebook order, under its notebook's title.

mod chapter;
mod math;
mod notebook;

use chapter::{CHAPTER_DIR, Chapter, FIGURE_DIR};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

enum Mode {
    Write,
    Check,
    Manifest,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [] => Mode::Write,
        ["--check"] => Mode::Check,
        ["--manifest"] => Mode::Manifest,
        _ => {
            eprintln!(
                "usage: nb2book [--check | --manifest] (got: {})",
                args.join(" ")
            );
            return ExitCode::from(2);
        }
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    match run(&root, mode) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("nb2book: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(root: &Path, mode: Mode) -> Result<(), String> {
    let chapters = render_all(&root.join("notebooks"))?;
    let src = root.join("book/src");
    check_summary(&src.join("SUMMARY.md"), &chapters)?;
    let generated = files_of(&chapters);
    let dir = src.join(CHAPTER_DIR);
    check_includes(&src, &generated)?;
    match mode {
        Mode::Write => {
            let existing = read_tree(&dir)?;
            for (path, bytes) in &generated {
                if existing.get(path) != Some(bytes) {
                    let file = dir.join(path);
                    fs::create_dir_all(file.parent().expect("a file in the chapter folder"))
                        .map_err(|e| format!("creating the folder of {}: {e}", file.display()))?;
                    fs::write(&file, bytes)
                        .map_err(|e| format!("writing {}: {e}", file.display()))?;
                    println!("wrote book/src/{CHAPTER_DIR}/{path}");
                }
            }
            for path in existing
                .keys()
                .filter(|path| !generated.contains_key(*path))
            {
                let file = dir.join(path);
                fs::remove_file(&file).map_err(|e| format!("removing {}: {e}", file.display()))?;
                println!("removed book/src/{CHAPTER_DIR}/{path}");
            }
            println!(
                "{} chapters, {} files, up to date",
                chapters.len(),
                generated.len()
            );
        }
        Mode::Check => {
            let stale = differences(&generated, &read_tree(&dir)?);
            if !stale.is_empty() {
                return Err(format!(
                    "the committed chapters are not those of the notebooks; run `cargo run -p nb2book` \
                     and commit book/src/{CHAPTER_DIR}:\n  {}",
                    stale.join("\n  ")
                ));
            }
            println!(
                "book/src/{CHAPTER_DIR}: {} chapters and {} figures match notebooks/*.ipynb",
                chapters.len(),
                generated.len() - chapters.len()
            );
        }
        Mode::Manifest => println!("{}", manifest(&chapters)),
    }
    Ok(())
}

/// Every notebook in `dir`, in file-name order, rendered.
fn render_all(dir: &Path) -> Result<Vec<Chapter>, String> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("reading {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "ipynb"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(format!("no .ipynb files in {}", dir.display()));
    }
    paths
        .iter()
        .map(|path| {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            let json =
                fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
            let notebook = notebook::Notebook::parse(&format!("notebooks/{stem}.ipynb"), &json)?;
            chapter::render(stem, &notebook)
        })
        .collect()
}

/// The generated files, by path inside the chapter folder.
fn files_of(chapters: &[Chapter]) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for chapter in chapters {
        files.insert(
            format!("{}.md", chapter.stem),
            chapter.markdown.clone().into_bytes(),
        );
        for (name, bytes) in &chapter.figures {
            files.insert(format!("{FIGURE_DIR}/{name}"), bytes.clone());
        }
    }
    files
}

/// Every file under `dir` (none if it does not exist), by path relative to it.
fn read_tree(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries = match fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(format!("reading {}: {e}", folder.display())),
        };
        for entry in entries {
            let path = entry
                .map_err(|e| format!("reading {}: {e}", folder.display()))?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes =
                    fs::read(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
                let relative = path
                    .strip_prefix(dir)
                    .expect("a path under the chapter folder");
                files.insert(relative.to_string_lossy().replace('\\', "/"), bytes);
            }
        }
    }
    Ok(files)
}

/// What differs between the generated files and those on disk, one line per file.
fn differences(
    generated: &BTreeMap<String, Vec<u8>>,
    on_disk: &BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let mut lines = Vec::new();
    for (path, bytes) in generated {
        match on_disk.get(path) {
            None => lines.push(format!("missing: {CHAPTER_DIR}/{path}")),
            Some(disk) if disk != bytes => lines.push(format!("differs: {CHAPTER_DIR}/{path}")),
            Some(_) => {}
        }
    }
    for path in on_disk.keys().filter(|path| !generated.contains_key(*path)) {
        lines.push(format!(
            "not generated by any notebook: {CHAPTER_DIR}/{path}"
        ));
    }
    lines
}

/// SUMMARY.md is written by hand; it must link each chapter, in order, with its notebook's title.
fn check_summary(path: &Path, chapters: &[Chapter]) -> Result<(), String> {
    let summary =
        fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let mut from = 0;
    for chapter in chapters {
        let link = format!("[{}]({CHAPTER_DIR}/{}.md)", chapter.title, chapter.stem);
        match summary[from..].find(&link) {
            Some(at) => from += at + link.len(),
            None => {
                return Err(format!(
                    "book/src/SUMMARY.md must link the chapters in notebook order with their titles; \
                     expected `- {link}` after the previous chapter"
                ));
            }
        }
    }
    Ok(())
}

/// Every `{{#include path:anchor}}` in the book's pages (the hand-written ones on disk, the
/// chapters as generated) must name a file that exists and, with an anchor, a region in it.
fn check_includes(src: &Path, generated: &BTreeMap<String, Vec<u8>>) -> Result<(), String> {
    let mut pages: Vec<(PathBuf, String)> = read_tree(src)?
        .into_iter()
        .filter(|(path, _)| path.ends_with(".md") && !path.starts_with(&format!("{CHAPTER_DIR}/")))
        .map(|(path, bytes)| (src.join(path), String::from_utf8_lossy(&bytes).into_owned()))
        .collect();
    pages.extend(
        generated
            .iter()
            .filter(|(path, _)| path.ends_with(".md"))
            .map(|(path, bytes)| {
                let page = src.join(CHAPTER_DIR).join(path);
                (page, String::from_utf8_lossy(bytes).into_owned())
            }),
    );
    let mut dangling = Vec::new();
    for (page, text) in &pages {
        for target in includes(text) {
            if let Err(reason) = resolve_include(page, target) {
                let shown = page.strip_prefix(src).unwrap_or(page).display();
                dangling.push(format!(
                    "book/src/{shown}: {{{{#include {target}}}}}: {reason}"
                ));
            }
        }
    }
    if dangling.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "book includes that point nowhere:\n  {}",
            dangling.join("\n  ")
        ))
    }
}

/// The targets of the `{{#include …}}` directives in a page, e.g. `../../src/a.rs:step`.
fn includes(page: &str) -> impl Iterator<Item = &str> {
    page.split("{{#include ")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}").map(|(target, _)| target.trim()))
}

/// Reads the file an include names (relative to the page's folder) and finds its anchor.
fn resolve_include(page: &Path, target: &str) -> Result<(), String> {
    let (path, anchor) = match target.split_once(':') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (target, None),
    };
    let file = page.parent().unwrap_or(page).join(path);
    let text = fs::read_to_string(&file).map_err(|e| format!("cannot read {path}: {e}"))?;
    match anchor {
        // Line ranges (`file:10:20`) are not used in this book: every anchor is a name.
        Some(anchor) => foundations::listing::region(&text, anchor).map(|_| ()),
        None => Ok(()),
    }
}

/// For the browser check: each chapter's page and every text output it must show verbatim.
fn manifest(chapters: &[Chapter]) -> String {
    let pages: Vec<serde_json::Value> = chapters
        .iter()
        .map(|chapter| {
            serde_json::json!({
                "notebook": format!("notebooks/{}.ipynb", chapter.stem),
                "page": format!("{CHAPTER_DIR}/{}.html", chapter.stem),
                "title": chapter.title,
                "figures": chapter.figures.len(),
                "text_outputs": chapter.text_outputs,
            })
        })
        .collect();
    serde_json::to_string_pretty(&pages).expect("JSON values always serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_list_missing_changed_and_extra_files() {
        let file = |s: &str| s.as_bytes().to_vec();
        let generated = BTreeMap::from([("a.md".into(), file("a")), ("b.md".into(), file("b"))]);
        let on_disk = BTreeMap::from([("b.md".into(), file("old")), ("c.md".into(), file("c"))]);
        assert_eq!(
            differences(&generated, &on_disk),
            [
                "missing: chapters/a.md",
                "differs: chapters/b.md",
                "not generated by any notebook: chapters/c.md"
            ]
        );
        assert!(differences(&generated, &generated).is_empty());
    }

    #[test]
    fn includes_must_find_their_file_and_anchor() {
        let dir = std::env::temp_dir().join(format!("nb2book-includes-{}", std::process::id()));
        fs::create_dir_all(dir.join("chapters")).unwrap();
        fs::write(
            dir.join("code.rs"),
            "// ANCHOR: step\nfn a() {}\n// ANCHOR_END: step\n",
        )
        .unwrap();
        fs::write(
            dir.join("intro.md"),
            "{{#include code.rs:step}}\n{{#include code.rs}}\n",
        )
        .unwrap();
        let chapter = |text: &str| BTreeMap::from([("c.md".to_string(), text.as_bytes().to_vec())]);
        assert_eq!(
            check_includes(&dir, &chapter("{{#include ../code.rs:step}}")),
            Ok(())
        );

        let err = check_includes(&dir, &chapter("a\n{{#include ../code.rs:gone}}\n")).unwrap_err();
        assert!(
            err.contains(
                "book/src/chapters/c.md: {{#include ../code.rs:gone}}: no `ANCHOR: gone` marker"
            ),
            "{err}"
        );
        let err = check_includes(&dir, &chapter("{{#include ../missing.rs:step}}")).unwrap_err();
        assert!(err.contains("cannot read ../missing.rs"), "{err}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
