//! # Exercise 15: matmul with one loop (worked solution)
//!
//! The `(k, 1) * (k, n)` product builds a `(k, n)` temporary of scaled rows and `sum_axis`
//! collapses it: the two inner loops of exercise 06 now run inside ndarray.

use foundations::{Error, Result};
use ndarray::{Array2, Axis};

/// `c[i] = sum over k of (a[i, :, None] * b)[k]`, one loop over the rows of `a`.
pub fn matmul_one_loop(a: &Array2<f32>, b: &Array2<f32>) -> Result<Array2<f32>> {
    if a.ncols() != b.nrows() {
        return Err(Error::Shape(format!(
            "matmul_one_loop: a is {:?} and b is {:?}; expected a.ncols() == b.nrows()",
            a.shape(),
            b.shape()
        )));
    }
    let mut c = Array2::zeros((a.nrows(), b.ncols()));
    for (i, mut c_row) in c.rows_mut().into_iter().enumerate() {
        let weights = a.row(i).insert_axis(Axis(1)); // a[i, :, None], shape (k, 1)
        let scaled_rows = &weights * b; // row k of b times a[i, k], shape (k, n)
        c_row.assign(&scaled_rows.sum_axis(Axis(0))); // c[i] = Σ_k a[i,k]·b[k]
    }
    Ok(c)
}
