//! # Exercise 38: the linear layer's gradients, from the maths to the code
//!
//! Write the layer index by index: `out[n, j] = Σ_i x[n, i] · w[i, j] + b[j]`. Its partial
//! derivatives are simple, with `δ(a, b)` meaning 1 when `a == b` and 0 otherwise:
//!
//! * `∂out[n, j] / ∂w[i, k] = x[n, i] · δ(j, k)`: weight `w[i, k]` only reaches output column `k`;
//! * `∂out[n, j] / ∂x[m, i] = δ(n, m) · w[i, j]`: a sample only reaches its own output row;
//! * `∂out[n, j] / ∂b[k] = δ(j, k)`.
//!
//! The chain rule multiplies these by `g[n, j] = ∂loss/∂out[n, j]` and sums over every output:
//! `w.g[i, k] = Σ_{n, j} g[n, j] · ∂out[n, j] / ∂w[i, k]`. Summing away the `δ` leaves the code
//! of exercise 25: `w.g = xᵀ · g`, `x.g = g · wᵀ`, `b.g = Σ_n g[n, :]`.
//!
//! Follow that path with plain loops (no `dot`, no `einsum`, nothing from
//! `foundations::backprop`): build the full Jacobian of the outputs with respect to the weights,
//! contract it with `g`, then write the three gradients directly from the index formulas with
//! the `δ` already summed away. Mismatched shapes are `foundations::Error::Shape`.

use foundations::Result;
use ndarray::{Array1, Array2, Array4};

/// `J[n, j, i, k] = ∂out[n, j] / ∂w[i, k] = x[n, i] · δ(j, k)`, shape `(batch, n_out, n_in, n_out)`.
pub fn weight_jacobian(x: &Array2<f64>, n_out: usize) -> Array4<f64> {
    todo!("x[n, i] where j == k, 0 elsewhere")
}

/// `w.g[i, k] = Σ_n Σ_j g[n, j] · J[n, j, i, k]`.
pub fn weight_grad_from_jacobian(g: &Array2<f64>, jacobian: &Array4<f64>) -> Result<Array2<f64>> {
    todo!("contract over n and j")
}

/// `w.g[i, k] = Σ_n x[n, i] · g[n, k]` (the `δ` summed away).
pub fn weight_grad_by_index(x: &Array2<f64>, g: &Array2<f64>) -> Result<Array2<f64>> {
    todo!("three loops")
}

/// `x.g[n, i] = Σ_j g[n, j] · w[i, j]`.
pub fn input_grad_by_index(w: &Array2<f64>, g: &Array2<f64>) -> Result<Array2<f64>> {
    todo!("three loops")
}

/// `b.g[k] = Σ_n g[n, k]`.
pub fn bias_grad_by_index(g: &Array2<f64>) -> Array1<f64> {
    todo!("two loops")
}
