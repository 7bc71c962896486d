//! # Exercise 16: matmul and friends with einsum
//!
//! Einstein summation names every axis with a letter. `"ik,kj->ij"` reads: the first operand has
//! axes `i, k`, the second `k, j`, the output `i, j`; `k` appears in both inputs but not in the
//! output, so the products are summed over it: `c[i, j] = Σ_k a[i, k] · b[k, j]`, a matrix
//! product. A letter repeated inside one operand, as in `"ii->i"`, walks the diagonal.
//!
//! Write the four functions below with `foundations::einsum::einsum`, one spec each. `einsum`
//! works on dynamic-rank views and returns a dynamic-rank array; convert back to the fixed ranks
//! below, and let `einsum`'s own errors (an `Error::Einsum` for mismatched sizes) pass through.

use foundations::Result;
use ndarray::{Array1, Array2, Array3};

/// `c[i, j] = Σ_k a[i, k] · b[k, j]`.
pub fn matmul_einsum(a: &Array2<f32>, b: &Array2<f32>) -> Result<Array2<f32>> {
    todo!("one einsum spec")
}

/// One matrix product per batch entry: `c[n, i, j] = Σ_k a[n, i, k] · b[n, k, j]`.
pub fn batched_matmul(a: &Array3<f32>, b: &Array3<f32>) -> Result<Array3<f32>> {
    todo!("the batch letter stays in the output")
}

/// The diagonal of a square matrix: `d[i] = a[i, i]`.
pub fn diagonal(a: &Array2<f32>) -> Result<Array1<f32>> {
    todo!("a repeated letter")
}

/// The trace of a square matrix: `Σ_i a[i, i]`.
pub fn trace(a: &Array2<f32>) -> Result<f32> {
    todo!("a repeated letter that is also summed away")
}
