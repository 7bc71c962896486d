//! Tests for exercise 07. Run them with `cargo run -p exercises -- run timing`.

use std::time::Duration;

use foundations::Error;
use foundations::init::{randn, rng};
use foundations::matmul_loops::{matmul_dot, matmul_loops};

use super::timing::{speedup, time_per_call};

#[test]
fn warms_up_once_then_calls_runs_times() {
    let mut calls = 0;
    time_per_call(7, || calls += 1).unwrap();
    assert_eq!(calls, 8);
}

#[test]
fn measures_the_time_of_one_call() {
    let mean = time_per_call(4, || std::thread::sleep(Duration::from_millis(3))).unwrap();
    assert!(mean >= Duration::from_millis(3), "{mean:?}");
    assert!(mean < Duration::from_millis(200), "{mean:?}");
}

#[test]
fn zero_runs_is_an_invalid_request() {
    assert!(matches!(time_per_call(0, || ()), Err(Error::Invalid(_))));
}

#[test]
fn speedup_is_the_ratio_of_the_times() {
    assert_eq!(
        speedup(Duration::from_millis(10), Duration::from_millis(2)),
        5.0
    );
    assert_eq!(
        speedup(Duration::from_secs(1), Duration::from_secs(4)),
        0.25
    );
}

#[test]
fn ndarray_dot_beats_three_loops() {
    let mut r = rng(10);
    let x = randn::<f32>(&mut r, 16, 784);
    let w = randn::<f32>(&mut r, 784, 10);
    let loops = time_per_call(5, || matmul_loops(&x, &w)).unwrap();
    let dot = time_per_call(5, || matmul_dot(&x, &w)).unwrap();
    let factor = speedup(loops, dot);
    println!("three loops: {loops:?}, dot: {dot:?}, speedup {factor:.1}");
    assert!(factor > 1.0, "{factor}");
}
