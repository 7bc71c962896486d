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
    if line.trim_start().starts_with("//") {
        return None;
    }
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
        let stub = stub_fns
            .iter()
            .filter(|f| f.name == body.name)
            .nth(occurrence);
        let comment = match stub {
            Some(s) => match todo_message(&stub_lines[s.first..=s.last]) {
                Some(message) => {
                    todos += 1;
                    format!("// TODO: {message}")
                }
                None => continue, // given code, the same in the stub
            },
            None => {
                "// TODO (a helper the worked solution uses: write it or do without it)".to_string()
            }
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
        out.extend(
            solution_lines[next..body.first]
                .iter()
                .map(|l| l.to_string()),
        );
        let pad = " ".repeat(indent(solution_lines[body.first - 1]) + 4);
        out.push(format!("{pad}{comment}"));
        out.push(format!("{pad}{BEGIN_SOLUTION}"));
        out.extend(
            solution_lines[body.first..=body.last]
                .iter()
                .map(|l| l.to_string()),
        );
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
    // A todo!() leaves arguments and helpers unused, as in the workbook's stub builds.
    let solution = wrap(
        &format!("#[allow(unused_variables, dead_code)]\npub mod {module}"),
        &marked,
    );
    let mut tests = wrap(&format!("mod {module}_tests"), &tests_code);
    let _ = write!(tests, "\n\nrun_checks({label:?}, &[\n");
    for name in &test_names {
        let _ = writeln!(tests, "    ({name:?}, {module}_tests::{name} as fn()),");
    }
    tests.push_str("])"); // no `;`: the report is the cell's result
    Ok(ExerciseCells {
        task,
        solution,
        tests,
        test_names,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const STUB: &str = "//! # Exercise 99: a sum\n//!\n//! Add them up.\n\nuse foundations::Result;\n\n\
/// Given to you.\npub fn double(x: f32) -> f32 {\n    2.0 * x\n}\n\n\
/// The sum.\npub fn sum(\n    xs: &[f32],\n) -> Result<f32> {\n    todo!(\"add every element\")\n}\n";

    const SOLUTION: &str = "//! # Exercise 99: a sum (worked solution)\n\nuse foundations::{Error, Result};\n\n\
fn check(xs: &[f32]) -> Result<()> {\n    if xs.is_empty() {\n        return Err(Error::Invalid(\"empty\".into()));\n    }\n    Ok(())\n}\n\n\
/// Given to you.\npub fn double(x: f32) -> f32 {\n    2.0 * x\n}\n\n\
/// The sum.\npub fn sum(\n    xs: &[f32],\n) -> Result<f32> {\n    check(xs)?;\n    Ok(xs.iter().sum())\n}\n";

    const TESTS: &str = "//! Tests for exercise 99.\n\nuse super::sum::sum;\n\n#[test]\nfn adds() {\n    assert_eq!(sum(&[1.0, 2.0]).unwrap(), 3.0);\n}\n\n\
fn helper() -> f32 {\n    1.0\n}\n\n#[test]\nfn one() {\n    assert_eq!(sum(&[helper()]).unwrap(), 1.0);\n}\n";

    #[test]
    fn the_task_is_the_stubs_inner_comment() {
        let (doc, code) = split_inner_doc(STUB);
        assert_eq!(doc, "# Exercise 99: a sum\n\nAdd them up.");
        assert!(code.starts_with("use foundations::Result;"), "{code}");
    }

    #[test]
    fn todo_bodies_and_solution_helpers_are_marked_and_given_code_is_not() {
        let (_, stub) = split_inner_doc(STUB);
        let (_, solution) = split_inner_doc(SOLUTION);
        let marked = mark_solution(&stub, &solution).unwrap();
        let expected = "use foundations::{Error, Result};\n\n\
fn check(xs: &[f32]) -> Result<()> {\n    \
// TODO (a helper the worked solution uses: write it or do without it)\n    // BEGIN SOLUTION\n    \
if xs.is_empty() {\n        return Err(Error::Invalid(\"empty\".into()));\n    }\n    Ok(())\n    // END SOLUTION\n}\n\n\
/// Given to you.\npub fn double(x: f32) -> f32 {\n    2.0 * x\n}\n\n\
/// The sum.\npub fn sum(\n    xs: &[f32],\n) -> Result<f32> {\n    // TODO: add every element\n    // BEGIN SOLUTION\n    \
check(xs)?;\n    Ok(xs.iter().sum())\n    // END SOLUTION\n}";
        assert_eq!(marked, expected);
    }

    #[test]
    fn a_todo_without_a_solution_function_is_an_error() {
        let (_, stub) = split_inner_doc(STUB);
        let renamed = SOLUTION.replace("pub fn sum(", "pub fn total(");
        let (_, solution) = split_inner_doc(&renamed);
        let err = mark_solution(&stub, &solution).unwrap_err();
        assert!(err.contains("1 todo!() bodies but only 0"), "{err}");
    }

    #[test]
    fn tests_become_public_functions_called_by_run_checks() {
        let cells = exercise_cells("sum", "99 sum", "Use iter().", STUB, SOLUTION, TESTS).unwrap();
        assert_eq!(cells.test_names, ["adds", "one"]);
        assert!(cells.solution.starts_with(
            "#[allow(unused_variables, dead_code)]\npub mod sum {\n    use foundations"
        ));
        assert!(
            cells
                .solution
                .ends_with("        // END SOLUTION\n    }\n}")
        );
        assert!(
            cells.tests.contains("\n    pub fn adds() {\n"),
            "{}",
            cells.tests
        );
        assert!(cells.tests.contains("\n    fn helper() -> f32 {\n"));
        assert!(cells.tests.ends_with(
            "run_checks(\"99 sum\", &[\n    (\"adds\", sum_tests::adds as fn()),\n    \
             (\"one\", sum_tests::one as fn()),\n])"
        ));
        assert!(
            cells
                .task
                .ends_with("<summary>Hint</summary>\n\nUse iter().\n\n</details>")
        );
        let untested = TESTS.replace("#[test]\n", "");
        let err = exercise_cells("sum", "99 sum", "", STUB, SOLUTION, &untested).unwrap_err();
        assert_eq!(err, "no #[test] functions");
    }
}
