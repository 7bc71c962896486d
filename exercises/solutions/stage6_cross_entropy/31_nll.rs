//! # Exercise 31: negative log likelihood by integer indexing (worked solution)
//!
//! `enumerate` gives each target its row number, which is the `range(n)` of the PyTorch
//! expression. The checks come first, so the indexing below cannot go out of bounds.

use foundations::{Error, Result};
use ndarray::Array2;

use super::log_softmax::log_softmax;

/// Rejects empty batches, a wrong number of targets, and targets that are not class indices.
fn check_targets(rows: usize, classes: usize, targets: &[usize]) -> Result<()> {
    if rows == 0 {
        return Err(Error::Invalid(
            "nll: an empty batch has no mean".to_string(),
        ));
    }
    if targets.len() != rows {
        return Err(Error::Shape(format!(
            "nll: {} targets for {rows} rows; expected one per row",
            targets.len()
        )));
    }
    match targets.iter().position(|&t| t >= classes) {
        Some(i) => Err(Error::Invalid(format!(
            "nll: targets[{i}] = {} but there are only {classes} classes",
            targets[i]
        ))),
        None => Ok(()),
    }
}

/// `-(1/n) Σ_i log_probs[i, targets[i]]`.
pub fn nll(log_probs: &Array2<f64>, targets: &[usize]) -> Result<f64> {
    check_targets(log_probs.nrows(), log_probs.ncols(), targets)?;
    let picked: f64 = targets
        .iter()
        .enumerate()
        .map(|(i, &t)| log_probs[[i, t]]) // log_probs[range(n), targets]
        .sum();
    Ok(-picked / targets.len() as f64)
}

/// `nll(log_softmax(logits), targets)`.
pub fn cross_entropy(logits: &Array2<f64>, targets: &[usize]) -> Result<f64> {
    nll(&log_softmax(logits), targets)
}
