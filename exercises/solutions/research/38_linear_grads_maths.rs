//! # Exercise 38: the linear layer's gradients, from the maths to the code (worked solution)
//!
//! The Jacobian is mostly zeros (every `j != k` entry), which is why nobody builds it: summing
//! the `δ` away by hand turns a sum over `n` and `j` into a sum over `n` alone, and that sum is
//! a matrix product. The loops below are the formulas, one line each.

use foundations::{Error, Result};
use ndarray::{Array1, Array2, Array4};

/// The error for two operands whose shared size differs.
fn mismatch(op: &str, a: &[usize], b: &[usize], expected: &str) -> Error {
    Error::Shape(format!("{op}: {a:?} and {b:?}; expected {expected}"))
}

/// `J[n, j, i, k] = ∂out[n, j] / ∂w[i, k] = x[n, i] · δ(j, k)`, shape `(batch, n_out, n_in, n_out)`.
pub fn weight_jacobian(x: &Array2<f64>, n_out: usize) -> Array4<f64> {
    let (batch, n_in) = x.dim();
    Array4::from_shape_fn((batch, n_out, n_in, n_out), |(n, j, i, k)| {
        if j == k { x[[n, i]] } else { 0.0 } // x[n, i] · δ(j, k)
    })
}

/// `w.g[i, k] = Σ_n Σ_j g[n, j] · J[n, j, i, k]`.
pub fn weight_grad_from_jacobian(g: &Array2<f64>, jacobian: &Array4<f64>) -> Result<Array2<f64>> {
    let (batch, n_out, n_in, n_out_again) = jacobian.dim();
    if g.dim() != (batch, n_out) || n_out != n_out_again {
        return Err(mismatch(
            "weight_grad_from_jacobian",
            g.shape(),
            jacobian.shape(),
            "g: (batch, n_out) and J: (batch, n_out, n_in, n_out)",
        ));
    }
    let mut grad = Array2::zeros((n_in, n_out));
    for ((n, j, i, k), &d) in jacobian.indexed_iter() {
        grad[[i, k]] += g[[n, j]] * d; // Σ_{n, j} g[n, j] · ∂out[n, j]/∂w[i, k]
    }
    Ok(grad)
}

/// `w.g[i, k] = Σ_n x[n, i] · g[n, k]` (the `δ` summed away).
pub fn weight_grad_by_index(x: &Array2<f64>, g: &Array2<f64>) -> Result<Array2<f64>> {
    if x.nrows() != g.nrows() {
        return Err(mismatch(
            "weight_grad_by_index",
            x.shape(),
            g.shape(),
            "the same number of rows",
        ));
    }
    let mut grad = Array2::zeros((x.ncols(), g.ncols()));
    for ((i, k), value) in grad.indexed_iter_mut() {
        *value = (0..x.nrows()).map(|n| x[[n, i]] * g[[n, k]]).sum(); // Σ_n x[n, i] g[n, k]
    }
    Ok(grad)
}

/// `x.g[n, i] = Σ_j g[n, j] · w[i, j]`.
pub fn input_grad_by_index(w: &Array2<f64>, g: &Array2<f64>) -> Result<Array2<f64>> {
    if w.ncols() != g.ncols() {
        return Err(mismatch(
            "input_grad_by_index",
            w.shape(),
            g.shape(),
            "the same number of columns",
        ));
    }
    let mut grad = Array2::zeros((g.nrows(), w.nrows()));
    for ((n, i), value) in grad.indexed_iter_mut() {
        *value = (0..w.ncols()).map(|j| g[[n, j]] * w[[i, j]]).sum(); // Σ_j g[n, j] w[i, j]
    }
    Ok(grad)
}

/// `b.g[k] = Σ_n g[n, k]`.
pub fn bias_grad_by_index(g: &Array2<f64>) -> Array1<f64> {
    Array1::from_shape_fn(g.ncols(), |k| (0..g.nrows()).map(|n| g[[n, k]]).sum()) // Σ_n g[n, k]
}
