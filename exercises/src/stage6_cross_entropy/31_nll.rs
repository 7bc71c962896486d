//! # Exercise 31: negative log likelihood by integer indexing
//!
//! With log-probabilities `log_probs` (one row per sample, one column per class) and the correct
//! class of each sample in `targets`, the loss only looks at one entry per row: the
//! log-probability the model gave to the right answer. The *negative log likelihood* is
//!
//! `nll = -(1/n) Σ_i log_probs[i, targets[i]]`
//!
//! and cross-entropy is `nll(log_softmax(logits), targets)`. PyTorch picks the entries with
//! integer-array indexing, `log_probs[range(n), targets]`; in Rust a loop or iterator does it.
//!
//! Write both, using your `log_softmax` from exercise 30. An empty batch, a number of targets
//! different from the number of rows, or a target that is not a column index are errors.

use foundations::Result;
use ndarray::Array2;

/// `-(1/n) Σ_i log_probs[i, targets[i]]`.
pub fn nll(log_probs: &Array2<f64>, targets: &[usize]) -> Result<f64> {
    todo!("check, pick one entry per row, average, negate")
}

/// `nll(log_softmax(logits), targets)`.
pub fn cross_entropy(logits: &Array2<f64>, targets: &[usize]) -> Result<f64> {
    todo!("compose")
}
