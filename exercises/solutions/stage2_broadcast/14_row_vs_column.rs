//! # Exercise 14: rows or columns? (worked solution)
//!
//! The new axis is the whole difference: in front (`(1, n)`) the vector lines up with the columns
//! index and repeats down the rows; behind (`(n, 1)`) it lines up with the rows index and repeats
//! across the columns.

use foundations::{Error, Result};
use ndarray::{Array1, Array2, Axis};

/// The error for a vector whose length does not match the axis it is added along.
fn length_error(op: &str, m: &Array2<f32>, v: &Array1<f32>, expected: usize) -> Error {
    Error::Shape(format!(
        "{op}: matrix {:?} and vector of length {}; expected length {expected}",
        m.shape(),
        v.len()
    ))
}

/// `out[i, j] = m[i, j] + v[j]`: `v` added to every row; needs `v.len() == m.ncols()`.
pub fn add_to_rows(m: &Array2<f32>, v: &Array1<f32>) -> Result<Array2<f32>> {
    if v.len() != m.ncols() {
        return Err(length_error("add_to_rows", m, v, m.ncols()));
    }
    Ok(m + &v.view().insert_axis(Axis(0))) // (r, n) + (1, n)
}

/// `out[i, j] = m[i, j] + v[i]`: `v` added to every column; needs `v.len() == m.nrows()`.
pub fn add_to_columns(m: &Array2<f32>, v: &Array1<f32>) -> Result<Array2<f32>> {
    if v.len() != m.nrows() {
        return Err(length_error("add_to_columns", m, v, m.nrows()));
    }
    Ok(m + &v.view().insert_axis(Axis(1))) // (n, c) + (n, 1)
}
