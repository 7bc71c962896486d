//! # Exercise 33: accuracy
//!
//! The loss is what training minimises; accuracy is what people read: the fraction of samples
//! whose highest-scoring class is the right one. The predicted class of a row is its *argmax*,
//! the index of its largest value (the first one, if several are equal).
//!
//! Write both without `foundations::cross_entropy::accuracy`. The same target checks as in
//! exercise 31 apply.

use foundations::Result;
use ndarray::{Array2, ArrayView1};

/// The index of the largest value of `row`, the first on ties (0 for an empty row).
pub fn argmax(row: ArrayView1<'_, f64>) -> usize {
    todo!("keep the best index seen so far")
}

/// The fraction of rows whose argmax equals the target.
pub fn accuracy(logits: &Array2<f64>, targets: &[usize]) -> Result<f64> {
    todo!("count the matches, divide by n")
}
