//! # Exercise 05: the transpose (worked solution)
//!
//! The copy moves every number. The view moves none: an ndarray view is a pointer, a shape and
//! a stride per axis, and swapping the two shapes and the two strides is the whole transpose.

use ndarray::{Array2, ArrayView2};

/// A new `(c, r)` array with `out[j, i] = a[i, j]`, filled by loops.
pub fn transpose_copy(a: &Array2<f32>) -> Array2<f32> {
    let mut out = Array2::zeros((a.ncols(), a.nrows()));
    for i in 0..a.nrows() {
        for j in 0..a.ncols() {
            out[[j, i]] = a[[i, j]]; // t[j, i] = a[i, j]
        }
    }
    out
}

/// The transpose of `a` as a view of `a`'s own memory: shape and strides swapped.
pub fn transpose_view(a: &Array2<f32>) -> ArrayView2<'_, f32> {
    a.t()
}
