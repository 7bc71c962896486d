//! The parts of a Jupyter notebook (nbformat 4) that a chapter shows: cells, their sources and
//! their outputs.

use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// A notebook as saved by Jupyter.
#[derive(Debug, Deserialize)]
pub struct Notebook {
    pub nbformat: u32,
    pub cells: Vec<Cell>,
}

/// One cell. Every kind is read, so that cell numbers match the notebook's.
#[derive(Debug, Deserialize)]
#[serde(tag = "cell_type", rename_all = "lowercase")]
pub enum Cell {
    Markdown {
        source: Text,
    },
    Code {
        source: Text,
        #[serde(default)]
        outputs: Vec<Output>,
    },
    /// Raw cells are for other converters (nbconvert); the book leaves them out.
    Raw {},
}

/// One output of a code cell.
#[derive(Debug, Deserialize)]
#[serde(tag = "output_type", rename_all = "snake_case")]
pub enum Output {
    Stream { name: String, text: Text },
    DisplayData { data: BTreeMap<String, Value> },
    ExecuteResult { data: BTreeMap<String, Value> },
    Error { ename: String, evalue: String },
}

/// Notebook text: a string, or a list of lines that are joined as they are.
#[derive(Debug, Deserialize, Clone, PartialEq)]
#[serde(from = "TextRepr")]
pub struct Text(pub String);

#[derive(Deserialize)]
#[serde(untagged)]
enum TextRepr {
    One(String),
    Lines(Vec<String>),
}

impl From<TextRepr> for Text {
    fn from(repr: TextRepr) -> Self {
        match repr {
            TextRepr::One(text) => Text(text),
            TextRepr::Lines(lines) => Text(lines.concat()),
        }
    }
}

impl Notebook {
    /// Parses a notebook file's contents; `name` is used in errors.
    pub fn parse(name: &str, json: &str) -> Result<Notebook, String> {
        let notebook: Notebook = serde_json::from_str(json)
            .map_err(|e| format!("{name}: not a notebook this converter can read: {e}"))?;
        if notebook.nbformat != 4 {
            return Err(format!(
                "{name}: nbformat {} found, expected 4 (save it with a current Jupyter)",
                notebook.nbformat
            ));
        }
        Ok(notebook)
    }
}

/// The text of a MIME bundle entry (a string or a list of lines), or None for JSON values.
pub fn mime_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Array(lines) => lines
            .iter()
            .map(|line| line.as_str())
            .collect::<Option<Vec<&str>>>()
            .map(|lines| lines.concat()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cells_outputs_and_both_text_forms() {
        let json = r##"{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Title\n", "text"]},
            {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "1 + 1",
             "outputs": [{"output_type": "stream", "name": "stdout", "text": ["a\n", "b\n"]},
                         {"output_type": "execute_result", "execution_count": 1, "metadata": {},
                          "data": {"text/plain": ["2"]}}]}]}"##;
        let notebook = Notebook::parse("t.ipynb", json).unwrap();
        assert_eq!(notebook.cells.len(), 2);
        match &notebook.cells[0] {
            Cell::Markdown { source } => assert_eq!(source.0, "# Title\ntext"),
            other => panic!("expected markdown, got {other:?}"),
        }
        match &notebook.cells[1] {
            Cell::Code { source, outputs } => {
                assert_eq!(source.0, "1 + 1");
                match &outputs[0] {
                    Output::Stream { name, text } => {
                        assert_eq!((&name[..], &text.0[..]), ("stdout", "a\nb\n"))
                    }
                    other => panic!("expected a stream, got {other:?}"),
                }
                match &outputs[1] {
                    Output::ExecuteResult { data } => {
                        assert_eq!(mime_text(&data["text/plain"]).as_deref(), Some("2"))
                    }
                    other => panic!("expected a result, got {other:?}"),
                }
            }
            other => panic!("expected code, got {other:?}"),
        }
    }

    #[test]
    fn refuses_other_nbformat_versions_by_number() {
        let err = Notebook::parse("old.ipynb", r#"{"nbformat": 3, "cells": []}"#).unwrap_err();
        assert!(
            err.contains("old.ipynb") && err.contains("nbformat 3") && err.contains("expected 4"),
            "{err}"
        );
    }
}
