//! Stage 1: matrix multiplication with plain loops.
//!
//! `c = a @ b` for `a` of shape `(m, k)` and `b` of shape `(k, n)` is the `(m, n)` matrix
//! `c[i, j] = Σ_k a[i, k] · b[k, j]`. This module writes that sum out twice:
//!
//! * [`matmul_loops`]: three nested loops, one multiply-add per step — the slowest version;
//! * [`matmul_rowcol`]: the inner loop replaced by an elementwise product of row `i` of `a`
//!   and column `j` of `b`, then a sum.
//!
//! [`matmul_dot`] is ndarray's optimised `dot` behind the same shape check, the reference the
//! later stages (broadcasting, einsum) are measured against. Every variant in the crate checks
//! its shapes with [`check_matmul_shapes`], so a bad pair of shapes fails the same way everywhere.
//!
//! The products work on `f32`, the type the course trains with, and take owned arrays or views.
//! Each public function only turns its arguments into views and calls a private function with
//! no type parameters, which holds the loops. Rust compiles generic code in the crate that uses
//! it, at that crate's optimisation level; code without type parameters is compiled once, here,
//! optimised. So a notebook cell (compiled at opt-level 0 to keep it quick) that times
//! `matmul_loops` measures optimised loops, as a `--release` program would.
//!
//!
//! ```
//! use foundations::matmul_loops::matmul_loops;
//! let a = ndarray::Array2::<f32>::zeros((5, 784));
//! let b = ndarray::Array2::<f32>::zeros((10, 784));
//! let err = matmul_loops(&a, &b).unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "shape error: matmul_loops: got [5, 784] and [10, 784]; expected a.ncols() == b.nrows() (784 != 10)"
//! );
//! ```

use ndarray::{Array2, ArrayBase, ArrayView2, Data, Ix2};

use crate::error::{Result, shape_error};

/// The sizes of a matrix product `a @ b`: `a` is `rows × inner`, `b` is `inner × cols`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MatmulDims {
    /// Rows of `a`, and of the result.
    pub rows: usize,
    /// Columns of `a` = rows of `b`: the length of every summed dot product.
    pub inner: usize,
    /// Columns of `b`, and of the result.
    pub cols: usize,
}

/// Checks that `a @ b` is defined, i.e. `a.ncols() == b.nrows()`, and returns its sizes.
///
/// `op` names the caller in the error, which also gives both shapes and the two inner sizes.
pub fn check_matmul_shapes<S1, S2>(
    op: &str,
    a: &ArrayBase<S1, Ix2>,
    b: &ArrayBase<S2, Ix2>,
) -> Result<MatmulDims>
where
    S1: Data,
    S2: Data,
{
    let (inner_a, inner_b) = (a.ncols(), b.nrows());
    if inner_a != inner_b {
        let expected = format!("a.ncols() == b.nrows() ({inner_a} != {inner_b})");
        return Err(shape_error(op, a.shape(), b.shape(), &expected));
    }
    Ok(MatmulDims {
        rows: a.nrows(),
        inner: inner_a,
        cols: b.ncols(),
    })
}

/// `a @ b` with three nested loops: `c[i, j] += a[i, k] · b[k, j]` for every `i`, `j`, `k`.
pub fn matmul_loops<S1, S2>(a: &ArrayBase<S1, Ix2>, b: &ArrayBase<S2, Ix2>) -> Result<Array2<f32>>
where
    S1: Data<Elem = f32>,
    S2: Data<Elem = f32>,
{
    loops(a.view(), b.view())
}

/// The body of [`matmul_loops`], compiled in this crate (see the module docs).
// ANCHOR: matmul_loops
#[inline(never)]
fn loops(a: ArrayView2<'_, f32>, b: ArrayView2<'_, f32>) -> Result<Array2<f32>> {
    let dims = check_matmul_shapes("matmul_loops", &a, &b)?;
    let mut c = Array2::zeros((dims.rows, dims.cols));
    for i in 0..dims.rows {
        for j in 0..dims.cols {
            for k in 0..dims.inner {
                c[[i, j]] += a[[i, k]] * b[[k, j]]; // c[i,j] = Σ_k a[i,k]·b[k,j]
            }
        }
    }
    Ok(c)
}
// ANCHOR_END: matmul_loops

/// `a @ b` with the inner loop done elementwise: `c[i, j] = sum(a.row(i) * b.column(j))`.
pub fn matmul_rowcol<S1, S2>(a: &ArrayBase<S1, Ix2>, b: &ArrayBase<S2, Ix2>) -> Result<Array2<f32>>
where
    S1: Data<Elem = f32>,
    S2: Data<Elem = f32>,
{
    rowcol(a.view(), b.view())
}

/// The body of [`matmul_rowcol`], compiled in this crate (see the module docs).
// ANCHOR: matmul_rowcol
#[inline(never)]
fn rowcol(a: ArrayView2<'_, f32>, b: ArrayView2<'_, f32>) -> Result<Array2<f32>> {
    let dims = check_matmul_shapes("matmul_rowcol", &a, &b)?;
    let mut c = Array2::zeros((dims.rows, dims.cols));
    for i in 0..dims.rows {
        for j in 0..dims.cols {
            c[[i, j]] = (&a.row(i) * &b.column(j)).sum(); // c[i,j] = Σ (row_i ⊙ col_j)
        }
    }
    Ok(c)
}
// ANCHOR_END: matmul_rowcol

/// `a @ b` by ndarray's optimised `dot` (blocked, vectorised): `c = a · b`, shapes checked first.
///
/// This is the fast reference every hand-written variant is compared with; unlike a bare
/// `a.dot(&b)` it returns an error instead of panicking on mismatched shapes.
pub fn matmul_dot<S1, S2>(a: &ArrayBase<S1, Ix2>, b: &ArrayBase<S2, Ix2>) -> Result<Array2<f32>>
where
    S1: Data<Elem = f32>,
    S2: Data<Elem = f32>,
{
    dot(a.view(), b.view())
}

/// The body of [`matmul_dot`], compiled in this crate (see the module docs).
#[inline(never)]
fn dot(a: ArrayView2<'_, f32>, b: ArrayView2<'_, f32>) -> Result<Array2<f32>> {
    check_matmul_shapes("matmul_dot", &a, &b)?;
    Ok(a.dot(&b)) // c = a · b
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn loops_and_rowcol_match_a_hand_computed_product() {
        let a = array![[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.0]];
        let b = array![[7.0f32, 8.0], [9.0, 10.0], [11.0, 12.0]];
        let expected = array![[58.0, 64.0], [139.0, 154.0]];
        assert_eq!(matmul_loops(&a, &b).unwrap(), expected);
        assert_eq!(matmul_rowcol(&a, &b).unwrap(), expected);
        assert_eq!(matmul_dot(&a, &b).unwrap(), expected);
    }

    #[test]
    fn shape_check_reports_both_shapes_and_the_inner_sizes() {
        let a = Array2::<f32>::zeros((2, 3));
        let b = Array2::<f32>::zeros((4, 5));
        let msg = check_matmul_shapes("op", &a, &b).unwrap_err().to_string();
        assert_eq!(
            msg,
            "shape error: op: got [2, 3] and [4, 5]; expected a.ncols() == b.nrows() (3 != 4)"
        );
        let dims = check_matmul_shapes("op", &a, &Array2::<f32>::zeros((3, 5))).unwrap();
        assert_eq!(
            dims,
            MatmulDims {
                rows: 2,
                inner: 3,
                cols: 5
            }
        );
    }

    #[test]
    fn empty_inner_dimension_gives_zeros() {
        let a = Array2::<f32>::zeros((2, 0));
        let b = Array2::<f32>::zeros((0, 3));
        assert_eq!(matmul_loops(&a, &b).unwrap(), Array2::<f32>::zeros((2, 3)));
        assert_eq!(matmul_rowcol(&a, &b).unwrap(), Array2::<f32>::zeros((2, 3)));
    }
}
