//! # Exercise 12: new axes (worked solution)
//!
//! `NewAxis` inside `s![...]` adds a length-1 axis at that position, just like `None` in a
//! numpy or PyTorch index. `insert_axis` does the same on a view of any rank.

use foundations::{Error, Result};
use ndarray::{Array1, ArrayD, ArrayView2, ArrayViewD, Axis, NewAxis, s};

/// `v[:, None]`: the `(n, 1)` column view of `v`, by indexing.
pub fn column_by_indexing(v: &Array1<f32>) -> ArrayView2<'_, f32> {
    v.slice(s![.., NewAxis]) // (n,) → (n, 1)
}

/// `v[None, :]`: the `(1, n)` row view of `v`, by indexing.
pub fn row_by_indexing(v: &Array1<f32>) -> ArrayView2<'_, f32> {
    v.slice(s![NewAxis, ..]) // (n,) → (1, n)
}

/// `a.unsqueeze(axis)`: `a` with a new length-1 axis at `axis`, for `axis` in `0..=a.ndim()`.
pub fn unsqueeze(a: &ArrayD<f32>, axis: usize) -> Result<ArrayViewD<'_, f32>> {
    if axis > a.ndim() {
        return Err(Error::Invalid(format!(
            "unsqueeze: axis {axis} for an array of rank {}; expected 0..={}",
            a.ndim(),
            a.ndim()
        )));
    }
    Ok(a.view().insert_axis(Axis(axis)))
}
