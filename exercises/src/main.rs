//! The exercise runner, in the spirit of rustlings:
//!
//! ```text
//! cargo run -p exercises -- list            progress over all exercises: done / not yet
//! cargo run -p exercises -- run NAME        one exercise's tests, in plain words, and its hint
//! cargo run -p exercises -- hint NAME       just the hint
//! cargo run -p exercises -- verify          CI: every solution passes, every untouched stub fails
//! ```
//!
//! `list` and `run` check the code under `src/`; add `--solutions` to check the worked solutions
//! instead. The runner does not link the exercises, so it still works, and says so, when the
//! exercise code does not compile.

mod runner;

use std::process::ExitCode;
use std::time::Instant;

use runner::cargo::{self, Code, RunnerError, TestRun};
use runner::catalog::{self, EXERCISES, Exercise};
use runner::report;

const USAGE: &str = "\
usage: cargo run -p exercises -- <command>

commands:
  list [--solutions]       progress over all exercises (done / not yet)
  run NAME [--solutions]   run one exercise's tests; on failure, print its hint
  hint NAME                print an exercise's hint and files
  verify                   for CI: every worked solution passes, every untouched stub fails

NAME is an exercise's name (neuron), number (1) or file name (01_neuron).
--solutions checks the worked solutions in exercises/solutions/ instead of your code.";

/// A parsed command line.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    List(Code),
    Run(&'static Exercise, Code),
    Hint(&'static Exercise),
    Verify,
    Help,
}

/// Reads the arguments after the program name.
fn parse(args: &[String]) -> Result<Command, String> {
    let code = if args.iter().any(|a| a == "--solutions") {
        Code::Solutions
    } else {
        Code::Stubs
    };
    let words: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| *a != "--solutions")
        .collect();
    let exercise = |name: &str| {
        catalog::find(name)
            .ok_or_else(|| format!("there is no exercise called {name:?}; `list` shows them all"))
    };
    match words.as_slice() {
        [] | ["help" | "--help" | "-h"] => Ok(Command::Help),
        ["list"] => Ok(Command::List(code)),
        ["run", name] => Ok(Command::Run(exercise(name)?, code)),
        ["hint", name] => Ok(Command::Hint(exercise(name)?)),
        ["verify"] => Ok(Command::Verify),
        _ => Err(format!("I do not understand `{}`", words.join(" "))),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match parse(&args) {
        Ok(Command::Help) => {
            println!("{USAGE}");
            Ok(true)
        }
        Ok(Command::List(code)) => list(code),
        Ok(Command::Run(exercise, code)) => run(exercise, code),
        Ok(Command::Hint(exercise)) => {
            print!("{}", report::hint(exercise));
            Ok(true)
        }
        Ok(Command::Verify) => verify(),
        Err(message) => {
            eprintln!("{message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            println!("{error}");
            ExitCode::from(2)
        }
    }
}

/// Builds the workbook from `code` and runs the tests starting with `prefix`.
fn test(code: Code, prefix: &str, show_output: bool) -> Result<TestRun, RunnerError> {
    let binary = cargo::build(code)?;
    cargo::run_tests(&binary, prefix, show_output)
}

/// `list`: every exercise's status and the progress line. Always succeeds when it can test.
fn list(code: Code) -> Result<bool, RunnerError> {
    let run = test(code, "", false)?;
    print!("{}", report::list(&run));
    Ok(true)
}

/// `run NAME`: true when the exercise passes.
fn run(exercise: &Exercise, code: Code) -> Result<bool, RunnerError> {
    let run = match test(code, &exercise.test_prefix(), true) {
        Err(RunnerError::DoesNotCompile) => {
            println!(
                "Result: {} is not yet done: the exercises do not compile.\n\
                 Fix the first error cargo printed above (a `todo!()` body always compiles).\n\
                 Hint: {}",
                exercise.name, exercise.hint
            );
            return Ok(false);
        }
        other => other?,
    };
    print!("{}", report::run_report(exercise, &run));
    Ok(report::status(&run, exercise) == report::Status::Done)
}

/// `verify`: builds the solutions and the stubs once each, runs every test of each, and checks
/// that every solution passes and every test fails on the untouched stubs.
fn verify() -> Result<bool, RunnerError> {
    let start = Instant::now();
    let mut problems = Vec::new();
    for (code, expect_pass) in [(Code::Solutions, true), (Code::Stubs, false)] {
        let phase = Instant::now();
        let run = test(code, "", false)?;
        let found = report::verify_problems(&run, expect_pass);
        let what = if expect_pass {
            "pass with the worked solutions"
        } else {
            "fail on the untouched stubs"
        };
        println!(
            "{:?}: {} tests of {} exercises; {} of them {what} ({:.1} s)",
            code,
            run.outcomes.len(),
            EXERCISES.len(),
            run.outcomes
                .iter()
                .filter(|o| o.passed == expect_pass)
                .count(),
            phase.elapsed().as_secs_f64()
        );
        problems.extend(found);
    }
    for problem in &problems {
        println!("  problem: {problem}");
    }
    let verdict = if problems.is_empty() { "OK" } else { "FAILED" };
    println!(
        "verify: {verdict} in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    Ok(problems.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn commands_and_the_solutions_flag_are_parsed() {
        assert_eq!(parse(&args(&[])), Ok(Command::Help));
        assert_eq!(parse(&args(&["list"])), Ok(Command::List(Code::Stubs)));
        assert_eq!(
            parse(&args(&["run", "--solutions", "relu"])),
            Ok(Command::Run(&EXERCISES[1], Code::Solutions))
        );
        assert_eq!(
            parse(&args(&["hint", "1"])),
            Ok(Command::Hint(&EXERCISES[0]))
        );
        assert_eq!(parse(&args(&["verify"])), Ok(Command::Verify));
        assert!(parse(&args(&["run", "nothing"])).is_err());
        assert!(parse(&args(&["jump"])).is_err());
    }
}
