//! Every listing a notebook shows must exist in the library: a renamed or deleted anchor fails
//! here, before anyone runs the notebooks. (The book's includes are checked by `nb2book`.)

use foundations::listing::listing;
use std::fs;
use std::path::Path;

/// The `(file, anchor)` of each `listing("file", "anchor")` call in a notebook's code cells.
fn listings_in(notebook: &str) -> Vec<(String, String)> {
    let json: serde_json::Value = serde_json::from_str(notebook).expect("a notebook is JSON");
    let mut found = Vec::new();
    for cell in json["cells"].as_array().into_iter().flatten() {
        if cell["cell_type"] != "code" {
            continue;
        }
        let source: String = match &cell["source"] {
            serde_json::Value::Array(lines) => lines.iter().filter_map(|l| l.as_str()).collect(),
            other => other.as_str().unwrap_or_default().to_string(),
        };
        for call in source.split("listing(\"").skip(1) {
            // `file", "anchor")`: the file, then the next quoted string.
            let mut quoted = call.split('"');
            if let (Some(file), Some(_), Some(anchor)) =
                (quoted.next(), quoted.next(), quoted.next())
            {
                found.push((file.to_string(), anchor.to_string()));
            }
        }
    }
    found
}

#[test]
fn every_listing_a_notebook_shows_exists() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("notebooks");
    let mut shown = 0;
    let mut missing = Vec::new();
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ipynb"))
        .collect();
    paths.sort();
    for path in paths {
        let text = fs::read_to_string(&path).unwrap();
        for (file, anchor) in listings_in(&text) {
            shown += 1;
            if let Err(e) = listing(&file, &anchor) {
                let name = path.file_name().unwrap().to_string_lossy();
                missing.push(format!("{name}: {e}"));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    println!("{shown} listings in the notebooks, all found");
}

#[test]
fn the_scan_finds_calls_and_a_missing_anchor_fails() {
    let notebook = r#"{"cells": [
        {"cell_type": "markdown", "source": "listing(\"not\", \"code\")"},
        {"cell_type": "code", "source": ["let x = 1;\n", "listing(\"matmul_loops.rs\", \"matmul_loops\")?"]},
        {"cell_type": "code", "source": "listing(\"matmul_loops.rs\", \"gone\")?"}
    ]}"#;
    let calls = listings_in(notebook);
    assert_eq!(
        calls,
        [
            ("matmul_loops.rs".to_string(), "matmul_loops".to_string()),
            ("matmul_loops.rs".to_string(), "gone".to_string())
        ]
    );
    assert!(listing(&calls[0].0, &calls[0].1).is_ok());
    assert!(listing(&calls[1].0, &calls[1].1).is_err());
}
