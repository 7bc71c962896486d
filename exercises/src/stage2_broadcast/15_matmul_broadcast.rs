//! # Exercise 15: matmul with one loop
//!
//! Elementwise operations run in optimised code, so every loop they replace is a big win. Row `i`
//! of `c = a @ b` is a weighted sum of the rows of `b`: `c[i] = Σ_k a[i, k] · b[k]`. With
//! broadcasting that whole sum is two array operations: turn row `i` of `a` into a `(k, 1)`
//! column, multiply it by the `(k, n)` matrix `b` (each row `k` of `b` gets scaled by
//! `a[i, k]`), and sum over the first axis.
//!
//! Write it with a single loop over `i`, without `dot` and without the library's
//! `matmul_broadcast`. Check the inner sizes first (`foundations::Error::Shape`).

use foundations::Result;
use ndarray::Array2;

/// `c[i] = sum over k of (a[i, :, None] * b)[k]`, one loop over the rows of `a`.
pub fn matmul_one_loop(a: &Array2<f32>, b: &Array2<f32>) -> Result<Array2<f32>> {
    todo!("one loop over i; broadcasting does the rest")
}
