//! # Exercise 32: the gradient of cross-entropy
//!
//! Softmax followed by the negative log likelihood has a famously simple gradient with respect
//! to the logits: for one sample it is the predicted probabilities minus the one-hot target,
//! `softmax(x) - onehot(t)`. Averaged over a batch of `n`:
//!
//! `∂loss/∂logits = (softmax(logits) - onehot(targets)) / n`
//!
//! Write `softmax` (stable: subtract each row's max before `exp`) and the gradient, without
//! `foundations::cross_entropy`. The same target checks as exercise 31 apply.

use foundations::Result;
use ndarray::Array2;

/// `softmax(x)[i, j] = exp(x[i, j] - m_i) / Σ_k exp(x[i, k] - m_i)`, `m_i` the row max.
pub fn softmax(x: &Array2<f64>) -> Array2<f64> {
    todo!("row by row: shift, exp, normalise")
}

/// `(softmax(logits) - onehot(targets)) / n`.
pub fn cross_entropy_grad(logits: &Array2<f64>, targets: &[usize]) -> Result<Array2<f64>> {
    todo!("start from the softmax, subtract 1 at each target, divide by n")
}
