//! # Exercise 07: timing code (worked solution)
//!
//! One `Instant` around all the timed calls, rather than one per call, keeps the clock's own
//! overhead out of very short measurements.

use std::hint::black_box;
use std::time::{Duration, Instant};

use foundations::{Error, Result};

/// Mean wall-clock time of one call of `f`, over `runs` calls after one untimed warm-up call.
pub fn time_per_call<T>(runs: usize, mut f: impl FnMut() -> T) -> Result<Duration> {
    let runs_u32 = u32::try_from(runs).ok().filter(|&r| r > 0).ok_or_else(|| {
        Error::Invalid(format!(
            "time_per_call: {runs} runs; expected between 1 and {}",
            u32::MAX
        ))
    })?;
    black_box(f()); // warm-up, not timed
    let start = Instant::now();
    for _ in 0..runs {
        black_box(f());
    }
    Ok(start.elapsed() / runs_u32) // total / runs
}

/// `slow / fast`: e.g. 10 ms against 2 ms is a speedup of 5.
pub fn speedup(slow: Duration, fast: Duration) -> f64 {
    slow.as_secs_f64() / fast.as_secs_f64()
}
