//! # Exercise 32: the gradient of cross-entropy (worked solution)
//!
//! The one-hot matrix is never built: subtracting 1 at `[i, targets[i]]` is the same thing.

use foundations::{Error, Result};
use ndarray::Array2;

/// `softmax(x)[i, j] = exp(x[i, j] - m_i) / Σ_k exp(x[i, k] - m_i)`, `m_i` the row max.
pub fn softmax(x: &Array2<f64>) -> Array2<f64> {
    let mut out = x.clone();
    for mut row in out.rows_mut() {
        let m = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        row.mapv_inplace(|v| (v - m).exp()); // exp(x - m) ≤ 1
        let total = row.sum();
        row.mapv_inplace(|v| v / total);
    }
    out
}

/// `(softmax(logits) - onehot(targets)) / n`.
pub fn cross_entropy_grad(logits: &Array2<f64>, targets: &[usize]) -> Result<Array2<f64>> {
    let (rows, classes) = logits.dim();
    if rows == 0 || targets.len() != rows || targets.iter().any(|&t| t >= classes) {
        return Err(Error::Invalid(format!(
            "cross_entropy_grad: {} targets {targets:?} for logits {:?}; expected one class \
             index below {classes} per row, and at least one row",
            targets.len(),
            logits.shape()
        )));
    }
    let mut grad = softmax(logits);
    for (i, &t) in targets.iter().enumerate() {
        grad[[i, t]] -= 1.0; // softmax - onehot
    }
    Ok(grad / rows as f64) // mean over the batch
}
