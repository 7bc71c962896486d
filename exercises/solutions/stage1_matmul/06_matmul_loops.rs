//! # Exercise 06: matrix multiplication with loops (worked solution)
//!
//! The three-loop version does one multiply-add per innermost step: `m·n·k` of them, each with
//! its own index arithmetic and bounds checks, which is why it is the slowest. The row-column
//! version hands the innermost loop to ndarray, which runs it over contiguous memory.

use foundations::{Error, Result};
use ndarray::Array2;

/// The error both versions return when `a.ncols() != b.nrows()`.
fn check_inner_sizes(op: &str, a: &Array2<f32>, b: &Array2<f32>) -> Result<()> {
    if a.ncols() == b.nrows() {
        return Ok(());
    }
    Err(Error::Shape(format!(
        "{op}: a is {:?} and b is {:?}; expected a.ncols() == b.nrows() ({} != {})",
        a.shape(),
        b.shape(),
        a.ncols(),
        b.nrows()
    )))
}

/// `c[i, j] = Σ_k a[i, k] · b[k, j]`, by three loops.
pub fn matmul(a: &Array2<f32>, b: &Array2<f32>) -> Result<Array2<f32>> {
    check_inner_sizes("matmul", a, b)?;
    let mut c = Array2::zeros((a.nrows(), b.ncols()));
    for i in 0..a.nrows() {
        for j in 0..b.ncols() {
            for k in 0..a.ncols() {
                c[[i, j]] += a[[i, k]] * b[[k, j]]; // c[i,j] += a[i,k]·b[k,j]
            }
        }
    }
    Ok(c)
}

/// `c[i, j] = sum(a.row(i) * b.column(j))`, by two loops.
pub fn matmul_rowcol(a: &Array2<f32>, b: &Array2<f32>) -> Result<Array2<f32>> {
    check_inner_sizes("matmul_rowcol", a, b)?;
    let mut c = Array2::zeros((a.nrows(), b.ncols()));
    for i in 0..a.nrows() {
        for j in 0..b.ncols() {
            c[[i, j]] = (&a.row(i) * &b.column(j)).sum(); // Σ (row_i ⊙ col_j)
        }
    }
    Ok(c)
}
