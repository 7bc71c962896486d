//! # Exercise 25: the gradients of a linear layer (worked solution)
//!
//! Index by index: `out[n, j] = Σ_i inp[n, i] w[i, j] + b[j]`. Differentiating and summing over
//! everything `out` touches gives `inp.g[n, i] = Σ_j out.g[n, j] w[i, j]` (= out.g · wᵀ),
//! `w.g[i, j] = Σ_n inp[n, i] out.g[n, j]` (= inpᵀ · out.g) and `b.g[j] = Σ_n out.g[n, j]`.
//! `.t()` is a free view, so the transposes cost nothing.

use foundations::{Error, Result};
use ndarray::{Array1, Array2, Axis};

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
    let (n, k) = inp.dim();
    let m = w.ncols();
    if w.nrows() != k || out_grad.dim() != (n, m) {
        return Err(Error::Shape(format!(
            "lin_grad: input {:?}, weights {:?}, output gradient {:?}; expected (n, k), (k, m), (n, m)",
            inp.shape(),
            w.shape(),
            out_grad.shape()
        )));
    }
    Ok(LinGrads {
        input: out_grad.dot(&w.t()),   // out.g · wᵀ
        w: inp.t().dot(out_grad),      // inpᵀ · out.g
        b: out_grad.sum_axis(Axis(0)), // Σ over the batch
    })
}
