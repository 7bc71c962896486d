//! Building the workbook with cargo once, then running its test binary directly.
//!
//! `cargo test --no-run --message-format=json-render-diagnostics` compiles the workbook and
//! prints one JSON object per line; the artifact of the `workbook` test target names the test
//! binary. Running that binary with a test-name prefix runs one exercise's tests in a fraction
//! of a second, so `list` and `verify` build once per feature set instead of calling cargo for
//! every exercise. Compiler errors are rendered by cargo itself on standard error, as usual.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Which code the workbook is built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    /// The files under `src/`: the stubs, or whatever a student has written in them.
    Stubs,
    /// The worked solutions under `solutions/` (`--features solutions`).
    Solutions,
}

/// Why the runner could not get test results.
#[derive(Debug)]
pub enum RunnerError {
    /// The workbook does not compile; cargo has already printed the errors.
    DoesNotCompile,
    /// cargo or the test binary could not be started, or said something unexpected.
    Tooling(String),
}

impl fmt::Display for RunnerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunnerError::DoesNotCompile => write!(
                f,
                "the exercises do not compile yet; fix the first error cargo printed above \
                 (a `todo!()` body always compiles, so you can put one back while you think)"
            ),
            RunnerError::Tooling(msg) => write!(f, "{msg}"),
        }
    }
}

/// The outcome of one test function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestOutcome {
    /// Its full path, e.g. `stage1_matmul::neuron_tests::weighted_sum_plus_bias`.
    pub name: String,
    /// Whether it passed.
    pub passed: bool,
}

/// What one run of the test binary reported.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TestRun {
    /// Every test that ran, in the order they finished.
    pub outcomes: Vec<TestOutcome>,
    /// The captured output of tests, by test name: panic messages of failed tests, and the
    /// printed lines of passed tests when the run asked for them.
    pub output: BTreeMap<String, String>,
}

impl TestRun {
    /// The outcomes of the tests whose names start with `prefix`.
    pub fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a TestOutcome> {
        self.outcomes
            .iter()
            .filter(move |o| o.name.starts_with(prefix))
    }
}

/// The exercises package's manifest, found from where this runner was compiled.
fn manifest() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")
}

/// The cargo that started us (`cargo run` sets `$CARGO`), or the one on the `PATH`.
fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Compiles the workbook's tests from `code` and returns the path of the test binary.
pub fn build(code: Code) -> Result<PathBuf, RunnerError> {
    let mut command = cargo();
    command
        .arg("test")
        .arg("--manifest-path")
        .arg(manifest())
        .args(["--test", "workbook", "--no-run"])
        .arg("--message-format=json-render-diagnostics")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if code == Code::Solutions {
        command.args(["--features", "solutions"]);
    }
    let output = command
        .output()
        .map_err(|e| RunnerError::Tooling(format!("could not start cargo: {e}")))?;
    if !output.status.success() {
        return Err(RunnerError::DoesNotCompile);
    }
    let messages = String::from_utf8_lossy(&output.stdout);
    workbook_executable(&messages).ok_or_else(|| {
        RunnerError::Tooling(
            "cargo built the workbook but did not report its test binary".to_string(),
        )
    })
}

/// Finds the `workbook` test binary in cargo's JSON messages, one object per line.
pub fn workbook_executable(messages: &str) -> Option<PathBuf> {
    messages
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "workbook")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
}

/// Runs the test binary on the tests whose names start with `prefix` (all tests when empty).
/// With `show_output`, passed tests' printed lines are kept too.
pub fn run_tests(binary: &Path, prefix: &str, show_output: bool) -> Result<TestRun, RunnerError> {
    let mut command = Command::new(binary);
    command.arg(prefix).env("RUST_BACKTRACE", "0");
    if show_output {
        command.arg("--show-output");
    }
    let output = command
        .output()
        .map_err(|e| RunnerError::Tooling(format!("could not run {}: {e}", binary.display())))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let run = parse_test_output(&stdout);
    let finished = stdout.lines().any(|l| l.starts_with("test result:"));
    if !finished {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(RunnerError::Tooling(format!(
            "the test binary stopped before reporting its results ({}):\n{stderr}",
            output.status
        )));
    }
    Ok(run)
}

/// Reads libtest's plain output: `test NAME ... ok` / `... FAILED` lines, and the
/// `---- NAME stdout ----` sections that follow them.
pub fn parse_test_output(stdout: &str) -> TestRun {
    let mut run = TestRun::default();
    let mut section: Option<(String, Vec<&str>)> = None;
    for line in stdout.lines() {
        if let Some(name) = section_header(line) {
            close_section(&mut run, section.take());
            section = Some((name.to_string(), Vec::new()));
        } else if is_section_end(line) {
            close_section(&mut run, section.take());
        } else if let Some((_, lines)) = section.as_mut() {
            lines.push(line);
        } else if let Some(outcome) = result_line(line) {
            run.outcomes.push(outcome);
        }
    }
    close_section(&mut run, section);
    run
}

/// `---- NAME stdout ----` starts the captured output of test NAME.
fn section_header(line: &str) -> Option<&str> {
    line.strip_prefix("---- ")?.strip_suffix(" stdout ----")
}

/// The lines that end a captured-output section: libtest's own headings.
fn is_section_end(line: &str) -> bool {
    matches!(line, "failures:" | "successes:") || line.starts_with("test result:")
}

/// Stores a finished section, without its surrounding blank lines.
fn close_section(run: &mut TestRun, section: Option<(String, Vec<&str>)>) {
    if let Some((name, lines)) = section {
        let text = lines.join("\n").trim().to_string();
        if !text.is_empty() {
            run.output.insert(name, text);
        }
    }
}

/// `test NAME ... ok` or `test NAME ... FAILED`.
fn result_line(line: &str) -> Option<TestOutcome> {
    let rest = line.strip_prefix("test ")?;
    let (name, verdict) = rest.rsplit_once(" ... ")?;
    let passed = match verdict {
        "ok" => true,
        "FAILED" => false,
        _ => return None,
    };
    Some(TestOutcome {
        name: name.to_string(),
        passed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\nrunning 2 tests\n\
test stage1_matmul::neuron_tests::a ... ok\n\
test stage1_matmul::neuron_tests::b ... FAILED\n\
\n\
successes:\n\
\n\
---- stage1_matmul::neuron_tests::a stdout ----\n\
accuracy 0.93\n\
\n\
\n\
successes:\n    stage1_matmul::neuron_tests::a\n\
\n\
failures:\n\
\n\
---- stage1_matmul::neuron_tests::b stdout ----\n\
\n\
thread 'stage1_matmul::neuron_tests::b' panicked at src/stage1_matmul/01_neuron.rs:5:5:\n\
not yet implemented\n\
\n\
\n\
failures:\n    stage1_matmul::neuron_tests::b\n\
\n\
test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out\n";

    #[test]
    fn results_and_captured_output_are_read_per_test() {
        let run = parse_test_output(SAMPLE);
        assert_eq!(
            run.outcomes,
            vec![
                TestOutcome {
                    name: "stage1_matmul::neuron_tests::a".into(),
                    passed: true
                },
                TestOutcome {
                    name: "stage1_matmul::neuron_tests::b".into(),
                    passed: false
                },
            ]
        );
        assert_eq!(
            run.output["stage1_matmul::neuron_tests::a"],
            "accuracy 0.93"
        );
        assert!(run.output["stage1_matmul::neuron_tests::b"].ends_with("not yet implemented"));
        assert_eq!(run.with_prefix("stage1_matmul::neuron_tests::").count(), 2);
        assert_eq!(run.with_prefix("stage1_matmul::relu_tests::").count(), 0);
    }

    #[test]
    fn the_workbook_binary_is_found_among_other_artifacts() {
        let messages = r#"{"reason":"compiler-artifact","target":{"name":"foundations"},"executable":null}
not json at all
{"reason":"compiler-artifact","target":{"name":"runner"},"executable":"/t/debug/deps/runner-1"}
{"reason":"compiler-artifact","target":{"name":"workbook"},"profile":{"test":true},"executable":"/t/debug/deps/workbook-2"}
{"reason":"build-finished","success":true}"#;
        assert_eq!(
            workbook_executable(messages),
            Some(PathBuf::from("/t/debug/deps/workbook-2"))
        );
        assert_eq!(workbook_executable("{\"reason\":\"build-finished\"}"), None);
    }
}
