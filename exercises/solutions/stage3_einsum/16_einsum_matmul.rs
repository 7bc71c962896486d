//! # Exercise 16: matmul and friends with einsum (worked solution)
//!
//! Each function is one spec; the only other work is converting between fixed-rank arrays,
//! which the compiler checks, and the dynamic-rank arrays `einsum` takes and returns.

use foundations::einsum::einsum;
use foundations::{Error, Result};
use ndarray::{Array1, Array2, Array3, ArrayD, Dimension, Ix0};

/// `einsum`'s dynamic-rank result as an array of the rank `D` the spec promises.
fn fixed_rank<D: Dimension>(out: ArrayD<f32>) -> Result<ndarray::Array<f32, D>> {
    out.into_dimensionality::<D>()
        .map_err(|e| Error::Shape(format!("einsum returned an unexpected rank: {e}")))
}

/// `c[i, j] = Σ_k a[i, k] · b[k, j]`.
pub fn matmul_einsum(a: &Array2<f32>, b: &Array2<f32>) -> Result<Array2<f32>> {
    fixed_rank(einsum(
        "ik,kj->ij", // k is in both inputs and not in the output: summed
        &[a.view().into_dyn(), b.view().into_dyn()],
    )?)
}

/// One matrix product per batch entry: `c[n, i, j] = Σ_k a[n, i, k] · b[n, k, j]`.
pub fn batched_matmul(a: &Array3<f32>, b: &Array3<f32>) -> Result<Array3<f32>> {
    fixed_rank(einsum(
        "nik,nkj->nij", // n is kept in the output, so it is not summed: one product per n
        &[a.view().into_dyn(), b.view().into_dyn()],
    )?)
}

/// The diagonal of a square matrix: `d[i] = a[i, i]`.
pub fn diagonal(a: &Array2<f32>) -> Result<Array1<f32>> {
    fixed_rank(einsum("ii->i", &[a.view().into_dyn()])?) // both axes share one index
}

/// The trace of a square matrix: `Σ_i a[i, i]`.
pub fn trace(a: &Array2<f32>) -> Result<f32> {
    let sum = einsum("ii->", &[a.view().into_dyn()])?; // the diagonal, then i summed away
    Ok(fixed_rank::<Ix0>(sum)?.into_scalar()) // no output letters: a rank-0 array
}
