//! # Exercise 06: matrix multiplication with loops
//!
//! `c = a @ b` for `a: (m, k)` and `b: (k, n)` is the `(m, n)` matrix
//! `c[i, j] = Σ_k a[i, k] · b[k, j]`: row `i` of `a` and column `j` of `b` are multiplied
//! element by element and summed. That only makes sense when a row of `a` is as long as a column
//! of `b`, i.e. when the inner sizes agree: `a.ncols() == b.nrows()`.
//!
//! Write it twice without `dot` and without the library's versions:
//! * `matmul`: three nested loops over `i`, `j` and `k`;
//! * `matmul_rowcol`: two loops, the innermost replaced by an elementwise product of
//!   `a.row(i)` and `b.column(j)` followed by a sum.
//!
//! Both return a `foundations::Error::Shape` when the inner sizes differ, with both shapes in
//! the message written as `{:?}` prints them, e.g. `[5, 784]` and `[10, 784]`.

use foundations::Result;
use ndarray::Array2;

/// `c[i, j] = Σ_k a[i, k] · b[k, j]`, by three loops.
pub fn matmul(a: &Array2<f32>, b: &Array2<f32>) -> Result<Array2<f32>> {
    todo!("check a.ncols() == b.nrows(), then loop over i, j and k")
}

/// `c[i, j] = sum(a.row(i) * b.column(j))`, by two loops.
pub fn matmul_rowcol(a: &Array2<f32>, b: &Array2<f32>) -> Result<Array2<f32>> {
    todo!("check the shapes, then loop over i and j only")
}
