/// Runs an exercise's checks one by one and says which fail and why. Every check runs, even
/// after one fails; a failing check's panic message is caught and shown here instead of as a
/// backtrace. It never panics itself: a panic escaping a cell disturbs the kernel's output for
/// the cells after it.
///
/// The report is the cell's result, not printed text: evcxr sends a cell's result before it says
/// the cell is done, whereas printed text travels on its own and, on a busy server, can arrive
/// after that, when nobody listens any more. nbgrader's grading reads the result (a report that
/// says "checks fail" scores 0, see nbgrader_config.py). On failure the verdict also goes to
/// stderr, which Jupyter shows in red.
fn run_checks(exercise: &str, checks: &[(&str, fn())]) -> ChecksReport {
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {})); // the messages are reported below
    let mut failures = Vec::new();
    for (name, check) in checks {
        if let Err(payload) = std::panic::catch_unwind(*check) {
            let why = match (payload.downcast_ref::<String>(), payload.downcast_ref::<&str>()) {
                (Some(message), _) => message.clone(),
                (None, Some(message)) => message.to_string(),
                (None, None) => "it panicked".to_string(),
            };
            failures.push(format!("FAILED {name}: {}", why.replace('\n', "\n    ")));
        }
    }
    std::panic::set_hook(previous_hook);
    if failures.is_empty() {
        return ChecksReport(format!("{exercise}: all {} checks pass", checks.len()));
    }
    let verdict = format!(
        "{exercise}: {} of {} checks fail (a todo!() reads \"not yet implemented\")",
        failures.len(),
        checks.len()
    );
    eprintln!("{verdict}");
    ChecksReport(format!("{}\n{verdict}", failures.join("\n")))
}

/// What `run_checks` found, shown as the cell's result.
struct ChecksReport(String);

impl ChecksReport {
    /// How evcxr shows a cell's final value: the text between these markers, as plain text.
    fn evcxr_display(&self) {
        println!("EVCXR_BEGIN_CONTENT text/plain\n{}\nEVCXR_END_CONTENT", self.0);
    }
}
