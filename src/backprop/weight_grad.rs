//! The weight gradient of a linear layer, three ways.
//!
//! For `out = x·w + b`, every sample `b` contributes the outer product of its input row and its
//! output gradient row: `w.g[i, j] = Σ_b x[b, i] · g[b, j]`. The chapter writes this sum first
//! with broadcasting, then as an einsum, and finally notices it is just `xᵀ·g`.
//!
//! The notebook times the three against each other, so all three are `f32` with no type
//! parameters (the crate's signature rule, in `lib.rs`): their work is compiled, optimised, in
//! this library even when a notebook cell compiled at opt-level 0 calls them. [`lin_grad`]
//! (generic, for the `f64` gradient checks) writes the third form, `xᵀ·g`, itself.
//!
//! [`lin_grad`]: super::lin_grad

use ndarray::{Array2, Axis, Ix2};

use crate::einsum::einsum;
use crate::error::{Error, Result, shape_error};

/// Checks that `x: (n, i)` and `g: (n, j)` have one row per sample each.
fn check_rows(op: &str, x: &Array2<f32>, g: &Array2<f32>) -> Result<()> {
    if x.nrows() != g.nrows() {
        return Err(shape_error(
            op,
            x.shape(),
            g.shape(),
            "x: (n, i) and g: (n, j)",
        ));
    }
    Ok(())
}

// ANCHOR: weight_grad_outer
/// The outer-product sum by broadcasting: `w.g = Σ_b x[b, :, None] * g[b, None, :]`.
///
/// Builds the whole `(n, i, j)` stack of outer products before summing it, so it needs `n` times
/// the memory of the result: clear, but the slowest of the three.
pub fn weight_grad_outer(x: &Array2<f32>, g: &Array2<f32>) -> Result<Array2<f32>> {
    check_rows("weight_grad_outer", x, g)?;
    let column = x.view().insert_axis(Axis(2)); // x[b, :, None], (n, i, 1)
    let row = g.view().insert_axis(Axis(1)); // g[b, None, :], (n, 1, j)
    Ok((&column * &row).sum_axis(Axis(0))) // Σ_b of the (n, i, j) products
}
// ANCHOR_END: weight_grad_outer

// ANCHOR: weight_grad_einsum
/// The same sum as an einsum: `w.g = einsum("bi,bj->ij", x, g)`; `b` appears in the inputs but
/// not the output, so it is summed over.
pub fn weight_grad_einsum(x: &Array2<f32>, g: &Array2<f32>) -> Result<Array2<f32>> {
    check_rows("weight_grad_einsum", x, g)?;
    let out = einsum("bi,bj->ij", &[x.view().into_dyn(), g.view().into_dyn()])?;
    out.into_dimensionality::<Ix2>()
        .map_err(|e| Error::Shape(format!("weight_grad_einsum: result is not 2-d: {e}")))
}
// ANCHOR_END: weight_grad_einsum

// ANCHOR: weight_grad_matmul
/// The same sum as one matrix product: `w.g = xᵀ·g`, since `(xᵀ·g)[i, j] = Σ_b x[b, i] g[b, j]`.
/// This is the form the layers use.
pub fn weight_grad_matmul(x: &Array2<f32>, g: &Array2<f32>) -> Result<Array2<f32>> {
    check_rows("weight_grad_matmul", x, g)?;
    Ok(x.t().dot(g)) // xᵀ·g
}
// ANCHOR_END: weight_grad_matmul
