//! # Exercise 11: `expand_as` and memory (worked solution)
//!
//! Both views borrow `v`, which the lifetime `'a` records, and neither copies a number: the
//! stretched axis gets stride 0. `ok_or_else` turns "does not fit" into an error naming both
//! shapes.

use foundations::{Error, Result};
use ndarray::{Array1, Array2, ArrayView2, ShapeBuilder};

/// The error for a vector that cannot be stretched to `m`'s shape.
fn does_not_fit(op: &str, v: &Array1<f32>, m: &Array2<f32>) -> Error {
    Error::Shape(format!(
        "{op}: a vector of length {} does not stretch to {:?}",
        v.len(),
        m.shape()
    ))
}

/// `v` viewed as `m.nrows()` copies of itself, one per row, without copying.
pub fn expand_as_rows<'a>(v: &'a Array1<f32>, m: &Array2<f32>) -> Result<ArrayView2<'a, f32>> {
    // (n,) aligns with the last axis of (rows, n); the missing first axis gets stride 0.
    v.broadcast(m.raw_dim())
        .ok_or_else(|| does_not_fit("expand_as_rows", v, m))
}

/// `v` viewed as `m.ncols()` copies of itself, one per column, without copying.
///
/// `v.insert_axis(..).broadcast(..)` would build the view, but it would borrow the temporary
/// `(n, 1)` view, which dies when the function returns. Writing the strides down directly gives
/// a view that borrows `v` itself: step 1 element per row, 0 per column.
pub fn expand_as_columns<'a>(v: &'a Array1<f32>, m: &Array2<f32>) -> Result<ArrayView2<'a, f32>> {
    let (rows, cols) = m.dim();
    let memory = v.as_slice().filter(|_| v.len() == rows);
    let memory = memory.ok_or_else(|| does_not_fit("expand_as_columns", v, m))?;
    // element (i, j) is memory[i·1 + j·0] = v[i]
    ArrayView2::from_shape((rows, cols).strides((1, 0)), memory)
        .map_err(|_| does_not_fit("expand_as_columns", v, m))
}
