//! # Exercise 12: new axes
//!
//! A vector of shape `(n,)` broadcasts along rows. To add it down the columns instead it needs
//! the shape `(n, 1)`: the same numbers with a new axis of length 1 inserted. PyTorch spells that
//! `c.unsqueeze(1)` or, by indexing, `c[:, None]`; `c[None, :]` gives a `(1, n)` row.
//!
//! ndarray indexes the same way: `s![.., NewAxis]` in `slice`. Write the two indexing versions
//! with `slice` and `NewAxis`, then a general `unsqueeze` for any rank that inserts a length-1
//! axis at position `axis` (`0..=a.ndim()`; anything larger is a `foundations::Error::Invalid`).
//! None of them copies data: they all return views.

use foundations::Result;
use ndarray::{Array1, ArrayD, ArrayView2, ArrayViewD};

/// `v[:, None]`: the `(n, 1)` column view of `v`, by indexing.
pub fn column_by_indexing(v: &Array1<f32>) -> ArrayView2<'_, f32> {
    todo!("slice with a new axis after the existing one")
}

/// `v[None, :]`: the `(1, n)` row view of `v`, by indexing.
pub fn row_by_indexing(v: &Array1<f32>) -> ArrayView2<'_, f32> {
    todo!("slice with a new axis before the existing one")
}

/// `a.unsqueeze(axis)`: `a` with a new length-1 axis at `axis`, for `axis` in `0..=a.ndim()`.
pub fn unsqueeze(a: &ArrayD<f32>, axis: usize) -> Result<ArrayViewD<'_, f32>> {
    todo!("check the axis, then insert it")
}
