//! One assignment's nbgrader *source* notebook (nbformat 4.5) for the evcxr Rust kernel.
//!
//! Every cell nbgrader must know carries `metadata.nbgrader` (schema 3): the task is a locked
//! markdown cell, the solution an answer cell, the tests a locked, autograded cell worth one point
//! per check.

use serde_json::{Value, json};

use super::source::ExerciseCells;

/// The kernel the notebooks run on; nbgrader picks its `code_stub` by the kernel's language.
const KERNEL: &str = "rust";

/// The locked first code cell: the function every test cell calls.
const RUN_CHECKS: &str = include_str!("../../classroom/run_checks.rs");

/// One exercise as the notebook shows it.
pub struct Part<'a> {
    /// Its grade id, the exercise's name: `neuron`.
    pub name: &'a str,
    pub cells: &'a ExerciseCells,
}

/// Notebook text as Jupyter stores it: one string per line, each but the last ending in `\n`.
fn lines(text: &str) -> Value {
    let text = text.trim_end_matches('\n');
    let mut out: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    if out.is_empty() {
        out.push(String::new());
    }
    json!(out)
}

/// nbgrader's cell metadata.
fn nbgrader(id: &str, solution: bool, locked: bool, points: Option<usize>) -> Value {
    let mut meta = json!({
        "grade": points.is_some(),
        "grade_id": id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": false,
    });
    if let Some(points) = points {
        meta["points"] = json!(points);
    }
    json!({ "nbgrader": meta })
}

fn markdown(id: &str, text: &str, metadata: Value) -> Value {
    json!({ "cell_type": "markdown", "id": id, "metadata": metadata, "source": lines(text) })
}

fn code(id: &str, text: &str, metadata: Value) -> Value {
    json!({
        "cell_type": "code",
        "execution_count": null,
        "id": id,
        "metadata": metadata,
        "outputs": [],
        "source": lines(text),
    })
}

/// The notebook of one assignment, as a JSON value.
pub fn assignment(title: &str, parts: &[Part]) -> Value {
    let checks: usize = parts.iter().map(|p| p.cells.test_names.len()).sum();
    let intro = format!(
        "# Exercises, {title}\n\n\
         Each exercise has a task, a cell for your code and a read-only cell of checks worth one \
         point each. Replace every `todo!()` with your code, then run the cells from the top: the \
         checks cell says which check fails and why. A `todo!()` panics with \"not yet \
         implemented\"; a cell that does not compile scores 0 but leaves the other exercises \
         graded.\n\n\
         Run the first code cell before anything else: it defines `run_checks`, which the checks \
         use. The first cell of a session also compiles the course library (a minute or two the \
         first time).\n\n\
         {} exercises, {checks} points.",
        parts.len()
    );
    let mut cells = vec![
        markdown("intro", &intro, json!({})),
        code(
            "run_checks",
            RUN_CHECKS,
            nbgrader("run_checks", false, true, None),
        ),
    ];
    for part in parts {
        let name = part.name;
        let task_id = format!("{name}_task");
        let tests_id = format!("{name}_tests");
        let points = part.cells.test_names.len();
        cells.push(markdown(
            &task_id,
            &part.cells.task,
            nbgrader(&task_id, false, true, None),
        ));
        cells.push(code(
            name,
            &part.cells.solution,
            nbgrader(name, true, false, None),
        ));
        cells.push(code(
            &tests_id,
            &part.cells.tests,
            nbgrader(&tests_id, false, true, Some(points)),
        ));
    }
    json!({
        "cells": cells,
        "metadata": {
            "kernelspec": { "display_name": "Rust", "language": "rust", "name": KERNEL },
            "language_info": { "file_extension": ".rs", "mimetype": "text/rust", "name": "Rust" },
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    })
}

/// The file's text: pretty JSON (keys sorted, as `serde_json` keeps them) and a final newline.
pub fn to_file(notebook: &Value) -> Vec<u8> {
    let mut text = serde_json::to_string_pretty(notebook).expect("JSON values always serialise");
    text.push('\n');
    text.into_bytes()
}
