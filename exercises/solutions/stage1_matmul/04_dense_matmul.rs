//! # Exercise 04: a dense layer as one matrix product (worked solution)
//!
//! `x.dot(w)` does all of exercise 03's loops in optimised code. Adding a 1-d `b` to an
//! `(n, n_out)` matrix broadcasts it along the last axis, i.e. onto every row.

use foundations::{Error, Result};
use ndarray::{Array1, Array2};

/// `out = x @ w + b`, with `x: (n, n_in)`, `w: (n_in, n_out)`, `b: (n_out,)`.
pub fn dense(x: &Array2<f32>, w: &Array2<f32>, b: &Array1<f32>) -> Result<Array2<f32>> {
    if x.ncols() != w.nrows() {
        return Err(Error::Shape(format!(
            "dense: x is {:?} and w is {:?}; expected x.ncols() == w.nrows()",
            x.shape(),
            w.shape()
        )));
    }
    if b.len() != w.ncols() {
        return Err(Error::Shape(format!(
            "dense: w is {:?} and b is {:?}; expected one bias per column of w",
            w.shape(),
            b.shape()
        )));
    }
    Ok(x.dot(w) + b) // x @ w, then b added to each row
}

/// How many activations a layer with weights `w: (n_in, n_out)` produces per sample: `n_out`.
pub fn hidden_size(w: &Array2<f32>) -> usize {
    w.ncols()
}
