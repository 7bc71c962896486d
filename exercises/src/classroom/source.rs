//! An exercise's three files turned into the sources of its notebook cells: the task (the stub's
//! `//!` comment), the solution with nbgrader's solution markers around each body the student
//! writes, and the tests as functions the test cell can call one by one.

use std::fmt::Write as _;

/// nbgrader's markers, as Rust comments: `nbgrader generate_assignment` replaces everything from
/// the first to the second line with the `rust` code stub of `nbgrader_config.py`, `todo!()`.
pub const BEGIN_SOLUTION: &str = "// BEGIN SOLUTION";
pub const END_SOLUTION: &str = "// END SOLUTION";

/// The cell sources of one exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExerciseCells {
    /// Markdown: the task statement.
    pub task: String,
    /// Rust: `pub mod NAME { … }` holding the worked solution, each body inside solution markers.
    pub solution: String,
    /// Rust: `mod NAME_tests { … }` with every test as a `pub fn`, then the call that runs them.
    pub tests: String,
    /// The test functions' names, in file order.
    pub test_names: Vec<String>,
}

/// Splits a file into its leading `//!` comment (without the markers) and the code after it.
pub fn split_inner_doc(text: &str) -> (String, String) {
    let mut doc = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next_if(|l| l.starts_with("//!")) {
        let rest = line.trim_start_matches("//!");
        doc.push_str(rest.strip_prefix(' ').unwrap_or(rest));
        doc.push('\n');
    }
    let code: Vec<&str> = lines.skip_while(|l| l.trim().is_empty()).collect();
    (doc.trim_end().to_string(), code.join("\n"))
}

/// The leading spaces of a line.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The name of the function a line declares (`pub fn name(…`, `fn name<T>(…`), if it does.
fn declared_fn(line: &str) -> Option<&str> {
    let at = line.find("fn ")?;
    if at > 0 && !line[..at].ends_with(' ') {
        return None;
    }
    let rest = &line[at + 3..];
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    Some(&rest[..end])
}

/// A function with a body: its name, and the line numbers of its first and last body lines
/// (between the line that ends with `{` and the closing `}` at the signature's indentation).
#[derive(Debug, Clone, PartialEq, Eq)]
struct FnBody {
    name: String,
    first: usize,
    last: usize,
}

/// Every function with a body, in file order.
fn fn_bodies(lines: &[&str]) -> Result<Vec<FnBody>, String> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(name) = declared_fn(lines[i]) else {
            i += 1;
            continue;
        };
        let level = indent(lines[i]);
        // The signature ends at the first line at its level ending with `{` (a body) or `;` (none).
        let mut open = i;
        while open < lines.len()
            && !(indent(lines[open]) == level
                && (lines[open].ends_with('{') || lines[open].ends_with(';')))
        {
            open += 1;
        }
        if open == lines.len() || lines[open].ends_with(';') {
            i = open + 1;
            continue;
        }
        let closing = format!("{}}}", " ".repeat(level));
        let close = (open + 1..lines.len())
            .find(|&j| lines[j] == closing)
            .ok_or_else(|| format!("fn {name} (line {}) has no closing brace", i + 1))?;
        found.push(FnBody {
            name: name.to_string(),
            first: open + 1,
            last: close - 1,
        });
        i = close + 1;
    }
    Ok(found)
}

/// What a stub's body asks for: the message of its single `todo!("…")`, or None when the body is
/// code the student is given.
fn todo_message(body: &[&str]) -> Option<String> {
    let joined: String = body.iter().map(|l| l.trim()).collect();
    let inner = joined.strip_prefix("todo!(")?.strip_suffix(')')?;
    Some(inner.trim_matches(|c| c == '"' || c == ',').to_string())
}

/// The solution's code with each body the student writes between solution markers. A body is the
/// student's when the stub's function of the same name (same occurrence) is a `todo!()`, or when
/// the stub has no such function: a helper of the worked solution, released as a `todo!()` too.
pub fn mark_solution(stub_code: &str, solution_code: &str) -> Result<String, String> {
    let stub_lines: Vec<&str> = stub_code.lines().collect();
    let solution_lines: Vec<&str> = solution_code.lines().collect();
    let stub_fns = fn_bodies(&stub_lines)?;
    let mut todos = 0;
    let mut regions = Vec::new(); // (body, comment before the marker)
    let mut seen: Vec<String> = Vec::new();
    for body in fn_bodies(&solution_lines)? {
        let occurrence = seen.iter().filter(|n| **n == body.name).count();
        seen.push(body.name.clone());
        let stub = stub_fns.iter().filter(|f| f.name == body.name).nth(occurrence);
        let comment = match stub {
            Some(s) => match todo_message(&stub_lines[s.first..=s.last]) {
                Some(message) => {
                    todos += 1;
                    format!("// TODO: {message}")
                }
                None => continue, // given code, the same in the stub
            },
            None => "// TODO (a helper the worked solution uses: write it or do without it)"
                .to_string(),
        };
        regions.push((body, comment));
    }
    let stub_todos = stub_fns
        .iter()
        .filter(|f| todo_message(&stub_lines[f.first..=f.last]).is_some())
        .count();
    if todos != stub_todos {
        return Err(format!(
            "the stub has {stub_todos} todo!() bodies but only {todos} match a function of the solution"
        ));
    }
    let mut out = Vec::new();
    let mut next = 0;
    for (body, comment) in regions {
        out.extend(solution_lines[next..body.first].iter().map(|l| l.to_string()));
        let pad = " ".repeat(indent(solution_lines[body.first - 1]) + 4);
        out.push(format!("{pad}{comment}"));
        out.push(format!("{pad}{BEGIN_SOLUTION}"));
        out.extend(solution_lines[body.first..=body.last].iter().map(|l| l.to_string()));
        out.push(format!("{pad}{END_SOLUTION}"));
        next = body.last + 1;
    }
    out.extend(solution_lines[next..].iter().map(|l| l.to_string()));
    Ok(out.join("\n"))
}

/// Indents every non-empty line by four spaces, inside `header {` … `}`.
fn wrap(header: &str, code: &str) -> String {
    let mut out = format!("{header} {{\n");
    for line in code.lines() {
        if !line.is_empty() {
            out.push_str("    ");
        }
        out.push_str(line);
        out.push('\n');
    }
    out.push('}');
    out
}

/// The tests file as a module of public functions: `#[test] fn name()` becomes `pub fn name()`.
/// Returns the code and the test names.
fn tests_module(tests_code: &str) -> Result<(String, Vec<String>), String> {
    let mut out = Vec::new();
    let mut names = Vec::new();
    let mut lines = tests_code.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "#[test]" {
            out.push(line.to_string());
            continue;
        }
        let function = lines.next().unwrap_or_default();
        let name = function
            .strip_prefix("fn ")
            .and_then(|rest| rest.strip_suffix("() {"))
            .ok_or_else(|| format!("expected `fn name() {{` after #[test], found {function:?}"))?;
        names.push(name.to_string());
        out.push(format!("pub fn {name}() {{"));
    }
    if names.is_empty() {
        return Err("no #[test] functions".to_string());
    }
    Ok((out.join("\n"), names))
}

/// Builds the cells of one exercise from its stub, solution and tests files.
pub fn exercise_cells(
    module: &str,
    label: &str,
    hint: &str,
    stub: &str,
    solution: &str,
    tests: &str,
) -> Result<ExerciseCells, String> {
    let (task, stub_code) = split_inner_doc(stub);
    let (_, solution_code) = split_inner_doc(solution);
    let (_, tests_code) = split_inner_doc(tests);
    if task.is_empty() {
        return Err("the stub has no //! task statement".to_string());
    }
    let marked = mark_solution(&stub_code, &solution_code)?;
    let (tests_code, test_names) = tests_module(&tests_code)?;
    let task = format!("{task}\n\n<details><summary>Hint</summary>\n\n{hint}\n\n</details>");
    let solution = wrap(&format!("pub mod {module}"), &marked);
    let mut tests = wrap(&format!("mod {module}_tests"), &tests_code);
    let _ = write!(tests, "\n\nrun_checks({label:?}, &[\n");
    for name in &test_names {
        let _ = writeln!(tests, "    ({name:?}, {module}_tests::{name} as fn()),");
    }
    tests.push_str("]);");
    Ok(ExerciseCells {
        task,
        solution,
        tests,
        test_names,
    })
}
