//! What the runner prints: plain text, no colours, so it reads the same in a terminal, a CI
//! log or a test's captured output.

use std::fmt::Write;

use super::cargo::{TestOutcome, TestRun};
use super::catalog::{EXERCISES, Exercise, stages};

/// Where an exercise stands after a test run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Every one of its tests passed.
    Done,
    /// At least one of its tests failed.
    NotYet,
    /// The run contained none of its tests (a broken catalog or workbook).
    NoTests,
}

impl Status {
    /// The word the listing shows.
    pub fn label(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::NotYet => "not yet",
            Status::NoTests => "no tests",
        }
    }
}

/// The status of `exercise` in `run`: done when it has tests and all of them passed.
pub fn status(run: &TestRun, exercise: &Exercise) -> Status {
    let prefix = exercise.test_prefix();
    let outcomes: Vec<&TestOutcome> = run.with_prefix(&prefix).collect();
    if outcomes.is_empty() {
        Status::NoTests
    } else if outcomes.iter().all(|o| o.passed) {
        Status::Done
    } else {
        Status::NotYet
    }
}

/// The progress line: `Progress: 3 of 41 exercises done (7%).`
pub fn progress_line(done: usize, total: usize) -> String {
    let percent = (100 * done).checked_div(total).unwrap_or(0);
    format!("Progress: {done} of {total} exercises done ({percent}%).")
}

/// The command that runs one exercise.
fn run_command(exercise: &Exercise) -> String {
    format!("cargo run -p exercises -- run {}", exercise.name)
}

/// Every exercise grouped by stage with its status, the progress line and what to do next.
pub fn list(run: &TestRun) -> String {
    let mut text = String::new();
    let mut done = 0;
    let mut next = None;
    for stage in stages() {
        let _ = writeln!(text, "{}", stage.title);
        for exercise in EXERCISES.iter().filter(|e| e.stage == stage) {
            let status = status(run, exercise);
            if status == Status::Done {
                done += 1;
            } else if next.is_none() {
                next = Some(exercise);
            }
            let _ = writeln!(
                text,
                "  {:<9} {:02} {}",
                status.label(),
                exercise.number,
                exercise.name
            );
        }
    }
    let _ = writeln!(text, "\n{}", progress_line(done, EXERCISES.len()));
    match next {
        Some(exercise) => {
            let _ = writeln!(
                text,
                "Next: {:02} {}: edit exercises/{}, then `{}`.",
                exercise.number,
                exercise.name,
                exercise.stub_path(),
                run_command(exercise)
            );
        }
        None => text.push_str("Every exercise is done. Well done!\n"),
    }
    text
}

/// The short test name, without the `stage::exercise_tests::` prefix.
fn short_name<'a>(exercise: &Exercise, full: &'a str) -> &'a str {
    full.strip_prefix(&exercise.test_prefix()).unwrap_or(full)
}

/// At most this many lines of a failed test's output are shown.
const SHOWN_LINES: usize = 12;

/// `thread 'NAME' (ID) panicked at PLACE:` shortened to `panicked at PLACE:`; other lines as they are.
fn without_thread_name(line: &str) -> &str {
    match line.find("panicked at ") {
        Some(start) if line.starts_with("thread '") => &line[start..],
        _ => line,
    }
}

/// A test's captured output, indented, without the backtrace advice, cut to [`SHOWN_LINES`].
fn indented_output(output: &str) -> String {
    let lines: Vec<&str> = output
        .lines()
        .filter(|l| !l.starts_with("note: run with `RUST_BACKTRACE"))
        .map(without_thread_name)
        .collect();
    let mut text = String::new();
    for line in lines.iter().take(SHOWN_LINES) {
        let _ = writeln!(text, "      | {line}");
    }
    if lines.len() > SHOWN_LINES {
        let _ = writeln!(
            text,
            "      | ... ({} more lines)",
            lines.len() - SHOWN_LINES
        );
    }
    text
}

/// The report of `run NAME`: each test's result, the failures' messages, a one-line verdict in
/// plain words, and the hint when the exercise is not done.
pub fn run_report(exercise: &Exercise, run: &TestRun) -> String {
    let mut text = format!(
        "Exercise {:02} {} ({}): exercises/{}\n",
        exercise.number,
        exercise.name,
        exercise.stage.title,
        exercise.stub_path()
    );
    let prefix = exercise.test_prefix();
    let mut outcomes: Vec<&TestOutcome> = run.with_prefix(&prefix).collect();
    outcomes.sort_by(|a, b| a.name.cmp(&b.name));
    let mut shown = Vec::new();
    for outcome in &outcomes {
        let verdict = if outcome.passed { "ok" } else { "FAILED" };
        let _ = writeln!(
            text,
            "  {verdict:<7} {}",
            short_name(exercise, &outcome.name)
        );
        if let Some(output) = run.output.get(&outcome.name) {
            let output = indented_output(output);
            if shown.contains(&output) {
                text.push_str("      | (the same message as above)\n");
            } else {
                text.push_str(&output);
                shown.push(output);
            }
        }
    }
    let failed = outcomes.iter().filter(|o| !o.passed).count();
    match status(run, exercise) {
        Status::Done => {
            let _ = writeln!(
                text,
                "\nResult: {} passes: all {} tests pass. Well done!\n\
                 Compare with the worked solution: exercises/{}",
                exercise.name,
                outcomes.len(),
                exercise.solution_path()
            );
        }
        Status::NotYet => {
            let _ = writeln!(
                text,
                "\nResult: {} is not yet done: {failed} of {} tests fail.\nHint: {}",
                exercise.name,
                outcomes.len(),
                exercise.hint
            );
        }
        Status::NoTests => {
            let _ = writeln!(
                text,
                "\nResult: no tests of {} ran (looked for names starting with {prefix}).",
                exercise.name
            );
        }
    }
    text
}

/// The report of `hint NAME`.
pub fn hint(exercise: &Exercise) -> String {
    format!(
        "Exercise {:02} {} ({})\nEdit:  exercises/{}\nTests: exercises/{}\nHint:  {}\n",
        exercise.number,
        exercise.name,
        exercise.stage.title,
        exercise.stub_path(),
        exercise.tests_path(),
        exercise.hint
    )
}

/// What `verify` found wrong with one build, one line per problem.
///
/// With the solutions every exercise must have tests and every test must pass; with the stubs
/// every single test must fail (a test that passes on an untouched stub does not test the
/// exercise). Tests that belong to no exercise are reported in both.
pub fn verify_problems(run: &TestRun, expect_pass: bool) -> Vec<String> {
    let which = if expect_pass { "solution" } else { "stub" };
    let mut problems = Vec::new();
    for exercise in EXERCISES {
        let prefix = exercise.test_prefix();
        let outcomes: Vec<&TestOutcome> = run.with_prefix(&prefix).collect();
        if outcomes.is_empty() {
            problems.push(format!(
                "{:02} {}: no tests (expected names starting with {prefix})",
                exercise.number, exercise.name
            ));
        }
        for outcome in outcomes.iter().filter(|o| o.passed != expect_pass) {
            let verdict = if expect_pass {
                "fails"
            } else {
                "passes without the exercise being done"
            };
            problems.push(format!(
                "{:02} {}: test {} {verdict} on the {which}",
                exercise.number,
                exercise.name,
                short_name(exercise, &outcome.name)
            ));
        }
    }
    let orphans = run.outcomes.iter().filter(|o| {
        !EXERCISES
            .iter()
            .any(|e| o.name.starts_with(&e.test_prefix()))
    });
    for orphan in orphans {
        problems.push(format!(
            "test {} belongs to no exercise in the catalog",
            orphan.name
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(name: &str, passed: bool) -> TestOutcome {
        TestOutcome {
            name: name.to_string(),
            passed,
        }
    }

    #[test]
    fn an_exercise_is_done_only_when_all_its_tests_pass() {
        let neuron = &EXERCISES[0];
        let mut run = TestRun::default();
        assert_eq!(status(&run, neuron), Status::NoTests);
        run.outcomes
            .push(outcome("stage1_matmul::neuron_tests::a", true));
        assert_eq!(status(&run, neuron), Status::Done);
        run.outcomes
            .push(outcome("stage1_matmul::neuron_tests::b", false));
        assert_eq!(status(&run, neuron), Status::NotYet);
        let report = run_report(neuron, &run);
        assert!(
            report.contains("not yet done: 1 of 2 tests fail"),
            "{report}"
        );
        assert!(report.contains(neuron.hint), "{report}");
    }

    #[test]
    fn progress_counts_done_exercises() {
        assert_eq!(
            progress_line(3, 41),
            "Progress: 3 of 41 exercises done (7%)."
        );
        assert_eq!(progress_line(0, 0), "Progress: 0 of 0 exercises done (0%).");
        let mut run = TestRun::default();
        run.outcomes
            .push(outcome("stage1_matmul::neuron_tests::a", true));
        let text = list(&run);
        assert!(text.contains("  done      01 neuron"), "{text}");
        assert!(text.contains("  no tests  02 relu"), "{text}");
        assert!(text.contains(&progress_line(1, EXERCISES.len())), "{text}");
        assert!(text.contains("Next: 02 relu"), "{text}");
    }

    #[test]
    fn verify_flags_passing_stubs_failing_solutions_and_orphans() {
        let run = TestRun {
            outcomes: vec![
                outcome("stage1_matmul::neuron_tests::a", true),
                outcome("stage9::stray_tests::x", false),
            ],
            ..TestRun::default()
        };
        let as_stubs = verify_problems(&run, false);
        assert!(as_stubs.contains(
            &"01 neuron: test a passes without the exercise being done on the stub".to_string()
        ));
        assert!(as_stubs.iter().any(|p| p.starts_with("02 relu: no tests")));
        assert!(
            as_stubs
                .iter()
                .any(|p| p.contains("stage9::stray_tests::x"))
        );
        let as_solutions = verify_problems(&run, true);
        assert!(!as_solutions.iter().any(|p| p.starts_with("01 neuron")));
    }

    #[test]
    fn panic_lines_lose_the_thread_name_and_repeats_are_not_shown_twice() {
        assert_eq!(
            without_thread_name("thread 'a::b' (123) panicked at src/x.rs:1:2:"),
            "panicked at src/x.rs:1:2:"
        );
        assert_eq!(without_thread_name("assertion failed"), "assertion failed");
        let neuron = &EXERCISES[0];
        let mut run = TestRun::default();
        for name in ["a", "b"] {
            let full = format!("{}{name}", neuron.test_prefix());
            run.outcomes.push(outcome(&full, false));
            run.output.insert(full, "not yet implemented".to_string());
        }
        let report = run_report(neuron, &run);
        assert_eq!(
            report.matches("| not yet implemented").count(),
            1,
            "{report}"
        );
        assert!(report.contains("| (the same message as above)"), "{report}");
    }

    #[test]
    fn long_failure_output_is_cut() {
        let output: Vec<String> = (0..20).map(|i| format!("line {i}")).collect();
        let shown = indented_output(&output.join("\n"));
        assert!(shown.contains("      | line 11\n"));
        assert!(!shown.contains("line 12\n"));
        assert!(shown.ends_with("... (8 more lines)\n"));
    }
}
