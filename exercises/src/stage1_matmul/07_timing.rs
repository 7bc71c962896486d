//! # Exercise 07: timing code
//!
//! In a notebook, `%timeit` runs a cell many times and reports the time per run. Measuring is
//! how we learn that the loops of exercise 06 are hundreds of times slower than ndarray's `dot`.
//!
//! Write `time_per_call`: call `f` once without timing it (a warm-up: the first call may pay for
//! allocations or cold caches), then `runs` more times, and return the mean time per call.
//! `runs == 0` is an invalid request: return `foundations::Error::Invalid`. Pass every result
//! through `std::hint::black_box`, so the optimiser cannot decide the work is unused and drop it.
//!
//! Then `speedup`: how many times faster `fast` is than `slow`.

use std::time::Duration;

use foundations::Result;

/// Mean wall-clock time of one call of `f`, over `runs` calls after one untimed warm-up call.
pub fn time_per_call<T>(runs: usize, f: impl FnMut() -> T) -> Result<Duration> {
    todo!("warm up, then time `runs` calls with std::time::Instant")
}

/// `slow / fast`: e.g. 10 ms against 2 ms is a speedup of 5.
pub fn speedup(slow: Duration, fast: Duration) -> f64 {
    todo!("divide the two durations as f64 seconds")
}
