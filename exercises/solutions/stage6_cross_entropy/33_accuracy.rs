//! # Exercise 33: accuracy (worked solution)
//!
//! `argmax` only moves on a strictly larger value, which is what makes ties go to the first
//! index; `Iterator::max_by` would pick the last one.

use foundations::{Error, Result};
use ndarray::{Array2, ArrayView1};

/// The index of the largest value of `row`, the first on ties (0 for an empty row).
pub fn argmax(row: ArrayView1<'_, f64>) -> usize {
    let mut best = 0;
    for (j, &v) in row.iter().enumerate() {
        if v > row[best] {
            best = j; // strictly larger: ties keep the earlier index
        }
    }
    best
}

/// The fraction of rows whose argmax equals the target.
pub fn accuracy(logits: &Array2<f64>, targets: &[usize]) -> Result<f64> {
    let (rows, classes) = logits.dim();
    if rows == 0 || targets.len() != rows || targets.iter().any(|&t| t >= classes) {
        return Err(Error::Invalid(format!(
            "accuracy: {} targets for logits {:?}; expected one class index below {classes} \
             per row, and at least one row",
            targets.len(),
            logits.shape()
        )));
    }
    let correct = logits
        .rows()
        .into_iter()
        .zip(targets)
        .filter(|&(row, &t)| argmax(row) == t)
        .count();
    Ok(correct as f64 / rows as f64) // mean(argmax == target)
}
