//! # Exercise 14: rows or columns?
//!
//! When a vector of size 3 is added to a 3×3 matrix, is it added to each row or to each column?
//! Broadcasting aligns shapes at the *last* axis, so a plain `(3,)` vector behaves like a `(1, 3)`
//! row and is added to every row. To add it to every column it must first become a `(3, 1)`
//! column. (The tests check this claim on ndarray itself.)
//!
//! Write both, with `insert_axis` and `+`, not with `foundations::broadcast`. Because `+`
//! panics on shapes that do not broadcast, check the vector's length first and return a
//! `foundations::Error::Shape` when it does not fit.

use foundations::Result;
use ndarray::{Array1, Array2};

/// `out[i, j] = m[i, j] + v[j]`: `v` added to every row; needs `v.len() == m.ncols()`.
pub fn add_to_rows(m: &Array2<f32>, v: &Array1<f32>) -> Result<Array2<f32>> {
    todo!("v as a (1, n) row")
}

/// `out[i, j] = m[i, j] + v[i]`: `v` added to every column; needs `v.len() == m.nrows()`.
pub fn add_to_columns(m: &Array2<f32>, v: &Array1<f32>) -> Result<Array2<f32>> {
    todo!("v as an (n, 1) column")
}
