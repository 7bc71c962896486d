//! # Exercise 30: a log-softmax that never overflows (worked solution)
//!
//! After subtracting the max, the largest exponent is `exp(0) = 1` and the sum is at least 1,
//! so the log is finite however large the logits are.

use ndarray::{Array2, ArrayView1, Axis};

/// `log Σ_k exp(row[k])`, computed as `m + log Σ_k exp(row[k] - m)` with `m = max(row)`.
pub fn logsumexp(row: ArrayView1<'_, f64>) -> f64 {
    let m = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    if !m.is_finite() {
        return m; // all -inf (or empty): the sum of exps is 0 and its log -inf
    }
    m + row.iter().map(|&v| (v - m).exp()).sum::<f64>().ln() // m + log Σ exp(x - m)
}

/// `log_softmax(x)[i, j] = x[i, j] - logsumexp(x[i, :])`, row by row.
pub fn log_softmax(x: &Array2<f64>) -> Array2<f64> {
    let lse: ndarray::Array1<f64> = x.rows().into_iter().map(logsumexp).collect();
    x - &lse.insert_axis(Axis(1)) // each row minus its own logsumexp
}
