//! # Exercise 25: the gradients of a linear layer
//!
//! For `out = inp · w + b` (`inp: (n, k)`, `w: (k, m)`, `b: (m,)`) and the gradient
//! `out.g = ∂loss/∂out` of shape `(n, m)`, the chain rule gives three gradients:
//!
//! * `inp.g = out.g · wᵀ`: each input fed every output through its weight;
//! * `w.g = inpᵀ · out.g`: a weight's gradient sums, over the batch, its input times the
//!   gradient of its output;
//! * `b.g = Σ_rows out.g`: the bias is added to every row, so its gradient sums over them.
//!
//! Together with exercises 23 and 24 this computes the gradients of
//! `mse(lin(relu(lin(x, w1, b1)), w2, b2), y)`. Write it with matrix products and sums, without
//! `foundations::backprop::lin_grad`; check the shapes first (`foundations::Error::Shape`).

use foundations::Result;
use ndarray::{Array1, Array2};

/// The three gradients of a linear layer.
#[derive(Clone, Debug, PartialEq)]
pub struct LinGrads {
    /// `inp.g = out.g · wᵀ`, shape `(n, k)`.
    pub input: Array2<f64>,
    /// `w.g = inpᵀ · out.g`, shape `(k, m)`.
    pub w: Array2<f64>,
    /// `b.g = Σ_rows out.g`, shape `(m,)`.
    pub b: Array1<f64>,
}

/// The gradients of `out = inp · w + b` given `out_grad = ∂loss/∂out`.
pub fn lin_grad(inp: &Array2<f64>, w: &Array2<f64>, out_grad: &Array2<f64>) -> Result<LinGrads> {
    todo!("three products and sums, after a shape check")
}
