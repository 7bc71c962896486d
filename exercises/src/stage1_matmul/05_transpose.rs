//! # Exercise 05: the transpose
//!
//! The transpose of an `(r, c)` matrix `a` is the `(c, r)` matrix `t` with `t[j, i] = a[i, j]`:
//! rows become columns. PyTorch's `t()` (and ndarray's `.t()`) do not move any numbers; they
//! return a *view* that reads the same memory in the other order.
//!
//! Write it twice: `transpose_copy` with loops into a new array (no `.t()`, no `reversed_axes`),
//! and `transpose_view`, which must not copy anything.

use ndarray::{Array2, ArrayView2};

/// A new `(c, r)` array with `out[j, i] = a[i, j]`, filled by loops.
pub fn transpose_copy(a: &Array2<f32>) -> Array2<f32> {
    todo!("allocate (ncols, nrows) and copy a[i, j] to out[j, i]")
}

/// The transpose of `a` as a view of `a`'s own memory.
pub fn transpose_view(a: &Array2<f32>) -> ArrayView2<'_, f32> {
    todo!("a view, not a copy")
}
