//! Checks the runner's output on the untouched stubs and on the worked solutions.
//!
//! Each test starts the runner binary, which builds the workbook with cargo and runs its tests,
//! so these expect the stubs in `src/` to be untouched, as they are in the repository and in CI.

use std::process::{Command, Output};

/// Runs `exercises ARGS…` and returns its exit status and output.
fn runner(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_exercises"))
        .args(args)
        .output()
        .expect("the runner binary starts")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn an_untouched_stub_is_not_yet_done_and_gets_its_hint() {
    let output = runner(&["run", "neuron"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("Exercise 01 neuron (stage 1: matrix multiplication)"),
        "{text}"
    );
    assert!(text.contains("  FAILED  weighted_sum_plus_bias"), "{text}");
    assert!(
        text.contains("| not yet implemented: multiply each input by its weight"),
        "{text}"
    );
    assert!(
        text.contains("Result: neuron is not yet done: 5 of 5 tests fail."),
        "{text}"
    );
    assert!(text.contains("Hint: Check the two lengths first"), "{text}");
}

#[test]
fn the_worked_solution_passes() {
    let output = runner(&["run", "relu", "--solutions"]);
    let text = stdout(&output);
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains("  ok      matches_the_library_on_random_activations"),
        "{text}"
    );
    assert!(
        text.contains("Result: relu passes: all 3 tests pass."),
        "{text}"
    );
    assert!(!text.contains("Hint:"), "{text}");
}

#[test]
fn list_shows_every_exercise_and_the_progress_line() {
    let output = runner(&["list"]);
    let text = stdout(&output);
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains("stage 1: matrix multiplication\n  not yet   01 neuron\n"),
        "{text}"
    );
    assert!(text.contains("further research\n"), "{text}");
    assert!(text.contains("  not yet   41 cnn_mnist\n"), "{text}");
    assert!(
        text.contains("Progress: 0 of 41 exercises done (0%)."),
        "{text}"
    );
    assert!(
        text.contains("Next: 01 neuron: edit exercises/src/stage1_matmul/01_neuron.rs"),
        "{text}"
    );
}

#[test]
fn hints_and_unknown_names() {
    let text = stdout(&runner(&["hint", "7"]));
    assert!(
        text.starts_with("Exercise 07 timing (stage 1: matrix multiplication)"),
        "{text}"
    );
    assert!(
        text.contains("Edit:  exercises/src/stage1_matmul/07_timing.rs"),
        "{text}"
    );
    assert!(
        text.contains("Hint:  `std::time::Instant::now()`"),
        "{text}"
    );
    let unknown = runner(&["run", "no_such_exercise"]);
    assert_eq!(unknown.status.code(), Some(2));
    let message = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        message.contains("there is no exercise called \"no_such_exercise\""),
        "{message}"
    );
}
