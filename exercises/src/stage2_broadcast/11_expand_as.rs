//! # Exercise 11: `expand_as` and memory
//!
//! PyTorch's `c.expand_as(m)` shows what broadcasting does behind the scenes: it returns `c`
//! stretched to `m`'s shape, so that `m + c.expand_as(m)` is an ordinary elementwise sum. The
//! stretched tensor takes no extra memory: along the stretched axis its *stride* is 0, so every
//! step along that axis reads the same numbers again.
//!
//! Write both directions, without `foundations::broadcast::expand_as`:
//! * `expand_as_rows(v, m)`: `v` repeated as every row of `m` (needs `v.len() == m.ncols()`);
//!   ndarray's `broadcast` does exactly this;
//! * `expand_as_columns(v, m)`: `v` repeated as every column of `m` (needs `v.len() == m.nrows()`).
//!   Here you set the strides yourself: one element per row, 0 per column.
//!
//! Both return views of `v`'s own memory, or a `foundations::Error::Shape` when the length does
//! not fit.

use foundations::Result;
use ndarray::{Array1, Array2, ArrayView2};

/// `v` viewed as `m.nrows()` copies of itself, one per row, without copying.
pub fn expand_as_rows<'a>(v: &'a Array1<f32>, m: &Array2<f32>) -> Result<ArrayView2<'a, f32>> {
    todo!("broadcast v to m's shape")
}

/// `v` viewed as `m.ncols()` copies of itself, one per column, without copying.
pub fn expand_as_columns<'a>(v: &'a Array1<f32>, m: &Array2<f32>) -> Result<ArrayView2<'a, f32>> {
    todo!("a view of v with strides (1, 0)")
}
