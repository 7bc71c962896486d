//! # Exercise 04: a dense layer as one matrix product
//!
//! The loops of exercise 03 are exactly a matrix product: with `x` of shape `(n, n_in)` and `w`
//! of shape `(n_in, n_out)`, `out = x @ w + b` has shape `(n, n_out)`, and the bias (one per
//! output) is added to every row.
//!
//! Write `dense` with ndarray's `dot` and broadcasting, not with `foundations::backprop::lin`.
//! `dot` panics when the inner sizes differ, so check them yourself and return a
//! `foundations::Error::Shape` instead; do the same when `b` does not have one entry per output.
//!
//! Then `hidden_size`: a layer's *hidden size* is how many numbers it outputs per sample
//! (50 in the chapter's 784-50-1 network). Read it off the weight matrix.

use foundations::Result;
use ndarray::{Array1, Array2};

/// `out = x @ w + b`, with `x: (n, n_in)`, `w: (n_in, n_out)`, `b: (n_out,)`.
pub fn dense(x: &Array2<f32>, w: &Array2<f32>, b: &Array1<f32>) -> Result<Array2<f32>> {
    todo!("check shapes, then x.dot(w) + b")
}

/// How many activations a layer with weights `w: (n_in, n_out)` produces per sample.
pub fn hidden_size(w: &Array2<f32>) -> usize {
    todo!("which axis of w counts the outputs?")
}
