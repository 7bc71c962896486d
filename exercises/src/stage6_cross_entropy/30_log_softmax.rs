//! # Exercise 30: a log-softmax that never overflows
//!
//! Softmax turns a row of scores (logits) into probabilities: `exp(x_j) / Σ_k exp(x_k)`. Its
//! log is `x_j - log Σ_k exp(x_k)`, and that `log Σ exp` is where the trouble is: `exp(1000)`
//! is infinite in any float type. The *logsumexp* trick subtracts the row's largest value `m`
//! first, which changes nothing mathematically but keeps every `exp` at most 1:
//!
//! `logsumexp(x) = m + log Σ_k exp(x_k - m)`
//!
//! Write `logsumexp` for one row and `log_softmax` for each row of a matrix, without
//! `foundations::cross_entropy`.

use ndarray::{Array2, ArrayView1};

/// `log Σ_k exp(row[k])`, computed as `m + log Σ_k exp(row[k] - m)` with `m = max(row)`.
pub fn logsumexp(row: ArrayView1<'_, f64>) -> f64 {
    todo!("shift by the max, sum the exps, take the log, shift back")
}

/// `log_softmax(x)[i, j] = x[i, j] - logsumexp(x[i, :])`, row by row.
pub fn log_softmax(x: &Array2<f64>) -> Array2<f64> {
    todo!("one logsumexp per row")
}
