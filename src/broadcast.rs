//! Stage 2: broadcasting — operating on arrays of different shapes without copying.
//!
//! ndarray's arithmetic operators already broadcast, exactly like numpy and PyTorch:
//!
//! ```
//! use ndarray::array;
//! let m = array![[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.0]];
//! // A scalar is stretched over every element.
//! assert_eq!(&m + 1.0, array![[2.0, 3.0, 4.0], [5.0, 6.0, 7.0]]);
//! // A 1-d array lines up with the LAST axis: it is added to every row.
//! assert_eq!(&m + &array![10.0f32, 20.0, 30.0], array![[11.0, 22.0, 33.0], [14.0, 25.0, 36.0]]);
//! ```
//!
//! This module makes the machinery behind that visible:
//!
//! * [`as_row`] / [`as_column`] insert a length-1 axis (`c[None, :]` / `c[:, None]`), which
//!   decides whether a vector is added along rows or along columns ([`add_row_vector`],
//!   [`add_col_vector`]);
//! * [`expand_as`] returns the stretched view itself: its stride along the stretched axis is
//!   0 ([`strides_of`]) and it reads the original memory ([`shares_memory`], [`stored_values`])
//!   — nothing is copied;
//! * [`broadcast_shape`] and [`explain_broadcast`] implement and explain the shape rules;
//! * [`matmul_broadcast`] uses broadcasting to replace two of the three matmul loops.

use std::collections::BTreeMap;
use std::fmt::Write;

use ndarray::{Array2, ArrayBase, ArrayView, ArrayView2, Axis, Data, Dimension, Ix1, Ix2};

use crate::error::{Result, shape_error};
use crate::matmul_loops::check_matmul_shapes;
use crate::tensor::Float;

/// The numpy broadcasting rules, in one sentence each, as [`explain_broadcast`] prints them.
pub const BROADCAST_RULES: &str = "Broadcasting rules: (1) align the two shapes at their last \
dimension; (2) a dimension missing from the shorter shape counts as 1; (3) each pair of sizes \
must be equal, or one of them must be 1 — that one is stretched to the other's size.";

/// Views a vector `v` of length `n` as a `(1, n)` row: `v[None, :]`, a new axis in front.
pub fn as_row<'a, A>(v: ArrayView<'a, A, Ix1>) -> ArrayView2<'a, A> {
    v.insert_axis(Axis(0)) // shape (n,) → (1, n)
}

/// Views a vector `v` of length `n` as an `(n, 1)` column: `v[:, None]`, a new axis at the end.
pub fn as_column<'a, A>(v: ArrayView<'a, A, Ix1>) -> ArrayView2<'a, A> {
    v.insert_axis(Axis(1)) // shape (n,) → (n, 1)
}

/// Adds `v` to every row of `m`: `out[i, j] = m[i, j] + v[j]` (`v` broadcast as `v[None, :]`).
///
/// Fails with both shapes in the message when `v.len()` does not broadcast against `m.ncols()`.
pub fn add_row_vector<A, S1, S2>(
    m: &ArrayBase<S1, Ix2>,
    v: &ArrayBase<S2, Ix1>,
) -> Result<Array2<A>>
where
    A: Float,
    S1: Data<Elem = A>,
    S2: Data<Elem = A>,
{
    let row = as_row(v.view());
    broadcast_shape_for("add_row_vector", m.shape(), row.shape())?;
    Ok(m + &row) // out[i,j] = m[i,j] + v[j]
}

/// Adds `v` to every column of `m`: `out[i, j] = m[i, j] + v[i]` (`v` broadcast as `v[:, None]`).
///
/// Fails with both shapes in the message when `v.len()` does not broadcast against `m.nrows()`.
pub fn add_col_vector<A, S1, S2>(
    m: &ArrayBase<S1, Ix2>,
    v: &ArrayBase<S2, Ix1>,
) -> Result<Array2<A>>
where
    A: Float,
    S1: Data<Elem = A>,
    S2: Data<Elem = A>,
{
    let column = as_column(v.view());
    broadcast_shape_for("add_col_vector", m.shape(), column.shape())?;
    Ok(m + &column) // out[i,j] = m[i,j] + v[i]
}

/// Stretches `v` to `shape` without copying, like PyTorch's `expand_as`: the returned view
/// repeats `v` along every stretched axis by giving that axis stride 0.
///
/// A 1-d `v` of length `n` becomes the rows of an `(r, n)` view; an `(n, 1)` column (see
/// [`as_column`]) becomes the columns of an `(n, c)` view. Fails, naming both shapes, when
/// `v.shape()` does not broadcast to `shape` under [`BROADCAST_RULES`].
// ANCHOR: expand_as
pub fn expand_as<'a, A, S, D>(
    v: &'a ArrayBase<S, D>,
    shape: (usize, usize),
) -> Result<ArrayView2<'a, A>>
where
    S: Data<Elem = A>,
    D: Dimension,
{
    let target = [shape.0, shape.1];
    v.broadcast(shape).ok_or_else(|| {
        shape_error(
            "expand_as",
            v.shape(),
            &target,
            "the first shape to broadcast to the second (sizes equal, or 1 where they differ)",
        )
    })
}
// ANCHOR_END: expand_as

/// The strides of `a`, in elements: how far memory moves for a step of 1 along each axis.
///
/// A stride of 0 means every index along that axis reads the same memory, which is how
/// [`expand_as`] repeats a vector for free: a row vector stretched to 3 rows has strides `[0, 1]`.
pub fn strides_of<S, D>(a: &ArrayBase<S, D>) -> Vec<isize>
where
    S: Data,
    D: Dimension,
{
    a.strides().to_vec()
}

/// The values `a` reads from memory, each stored element once, in memory order: what PyTorch's
/// `storage()` shows for a view (ours lists only the elements the view reaches).
///
/// A vector of 3 stretched to 3 × 3 by [`expand_as`] shows 9 elements but stores 3:
///
/// ```
/// use foundations::broadcast::{expand_as, stored_values};
/// let c = ndarray::array![10.0f32, 20.0, 30.0];
/// let stretched = expand_as(&c, (3, 3)).unwrap();
/// assert_eq!(stretched.len(), 9);
/// assert_eq!(stored_values(&stretched), vec![10.0, 20.0, 30.0]);
/// ```
pub fn stored_values<S, D>(a: &ArrayBase<S, D>) -> Vec<S::Elem>
where
    S: Data,
    S::Elem: Clone,
    D: Dimension,
{
    let by_address: BTreeMap<usize, S::Elem> = a
        .iter()
        .map(|x| (std::ptr::from_ref(x).addr(), x.clone())) // one entry per stored element
        .collect();
    by_address.into_values().collect()
}

/// Whether `a` and `b` read any of the same memory (numpy's `shares_memory`).
///
/// Each array spans the addresses from its lowest to its highest element, found from its
/// first element's address and `Σ_axis (len - 1) · stride` over its negative and positive strides;
/// two arrays share memory when these spans overlap. Empty arrays share nothing.
pub fn shares_memory<S1, S2, D1, D2>(a: &ArrayBase<S1, D1>, b: &ArrayBase<S2, D2>) -> bool
where
    S1: Data,
    S2: Data,
    D1: Dimension,
    D2: Dimension,
{
    match (address_span(a), address_span(b)) {
        (Some((a_low, a_high)), Some((b_low, b_high))) => a_low <= b_high && b_low <= a_high,
        _ => false,
    }
}

/// The first and last byte address an array can touch, or `None` when it is empty.
fn address_span<S, D>(a: &ArrayBase<S, D>) -> Option<(usize, usize)>
where
    S: Data,
    D: Dimension,
{
    if a.is_empty() {
        return None;
    }
    let item = std::mem::size_of::<S::Elem>().max(1) as isize;
    let start = a.as_ptr() as isize;
    let offsets = a
        .shape()
        .iter()
        .zip(a.strides())
        .map(|(&len, &stride)| (len as isize - 1) * stride * item);
    let low: isize = offsets.clone().filter(|o| *o < 0).sum(); // Σ of negative steps
    let high: isize = offsets.filter(|o| *o > 0).sum(); // Σ of positive steps
    Some(((start + low) as usize, (start + high + item - 1) as usize))
}

/// How one aligned pair of sizes combines under the broadcasting rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pairing {
    /// Both sizes are the same.
    Equal(usize),
    /// One side is 1 or missing; it is stretched to this size.
    Stretched(usize),
    /// Two different sizes, neither 1: not broadcastable.
    Clash,
}

/// Combines the sizes of one aligned dimension (`None` = the shorter shape has no such axis).
fn pair_sizes(x: Option<usize>, y: Option<usize>) -> Pairing {
    let (x, y) = (x.unwrap_or(1), y.unwrap_or(1)); // rule 2: missing counts as 1
    match (x, y) {
        _ if x == y => Pairing::Equal(x),
        (1, other) | (other, 1) => Pairing::Stretched(other), // rule 3: a 1 stretches
        _ => Pairing::Clash,
    }
}

/// The size of `shape` at `back` positions from its end (`back = 1` is the last axis), if any.
fn size_from_end(shape: &[usize], back: usize) -> Option<usize> {
    shape.len().checked_sub(back).map(|i| shape[i])
}

/// The aligned size pairs of `a` and `b`, from the last axis forward (rule 1).
fn aligned_pairs<'s>(
    a: &'s [usize],
    b: &'s [usize],
) -> impl Iterator<Item = (Option<usize>, Option<usize>)> + 's {
    (1..=a.len().max(b.len())).map(|back| (size_from_end(a, back), size_from_end(b, back)))
}

/// The shape of `x ⊕ y` for arrays of shapes `a` and `b`, following numpy's rules:
/// aligned from the end, each result size is `max(a_d, b_d)` where the pair is equal or has a 1.
///
/// ```
/// use foundations::broadcast::broadcast_shape;
/// assert_eq!(broadcast_shape(&[3, 1], &[4]).unwrap(), vec![3, 4]);
/// assert!(broadcast_shape(&[2], &[3]).is_err());
/// ```
pub fn broadcast_shape(a: &[usize], b: &[usize]) -> Result<Vec<usize>> {
    broadcast_shape_for("broadcast_shape", a, b)
}

/// [`broadcast_shape`], with `op` naming the operation in the error.
fn broadcast_shape_for(op: &str, a: &[usize], b: &[usize]) -> Result<Vec<usize>> {
    let mut reversed = Vec::with_capacity(a.len().max(b.len()));
    for (x, y) in aligned_pairs(a, b) {
        match pair_sizes(x, y) {
            Pairing::Equal(size) | Pairing::Stretched(size) => reversed.push(size),
            Pairing::Clash => {
                return Err(shape_error(
                    op,
                    a,
                    b,
                    "aligned from the last axis, sizes that are equal or 1",
                ));
            }
        }
    }
    reversed.reverse();
    Ok(reversed)
}

/// Explains, axis by axis from the last one, whether shapes `a` and `b` broadcast and why.
///
/// ```
/// use foundations::broadcast::explain_broadcast;
/// let text = explain_broadcast(&[2], &[3]);
/// assert!(text.contains("dim -1: 2 vs 3 — neither is 1 and they differ: not broadcastable"));
/// ```
pub fn explain_broadcast(a: &[usize], b: &[usize]) -> String {
    let mut text = format!("{BROADCAST_RULES}\nBroadcasting {a:?} with {b:?}:\n");
    for (back, (x, y)) in aligned_pairs(a, b).enumerate() {
        let verdict = match pair_sizes(x, y) {
            Pairing::Equal(n) => format!("equal: stays {n}"),
            Pairing::Stretched(n) if x.is_none() || y.is_none() => {
                format!("one is missing, counts as 1: stretched to {n}")
            }
            Pairing::Stretched(n) => format!("one is 1: stretched to {n}"),
            Pairing::Clash => "neither is 1 and they differ: not broadcastable".to_string(),
        };
        let _ = writeln!(
            text,
            "dim -{}: {} vs {} — {verdict}",
            back + 1,
            describe_size(x),
            describe_size(y)
        );
    }
    match broadcast_shape(a, b) {
        Ok(shape) => text + &format!("result: {shape:?}"),
        Err(_) => text + "result: not broadcastable",
    }
}

/// A size as the explanation prints it: the number, or "missing".
fn describe_size(size: Option<usize>) -> String {
    size.map_or_else(|| "missing".to_string(), |n| n.to_string())
}

/// `a @ b` with broadcasting doing two of the three loops, one output row at a time:
/// `c[i] = (a[i][:, None] * b).sum(axis 0)`, i.e. `c[i, j] = Σ_k a[i, k] · b[k, j]`.
///
/// Row `i` of `a` as a `(k, 1)` column times the `(k, n)` matrix `b` scales row `k` of `b`
/// by `a[i, k]`; summing those scaled rows gives row `i` of the product. Like the products of
/// stage 1 it works on `f32` and its body is compiled, optimised, in this crate (see
/// [`crate::matmul_loops`]).
pub fn matmul_broadcast<S1, S2>(
    a: &ArrayBase<S1, Ix2>,
    b: &ArrayBase<S2, Ix2>,
) -> Result<Array2<f32>>
where
    S1: Data<Elem = f32>,
    S2: Data<Elem = f32>,
{
    broadcast_rows(a.view(), b.view())
}

/// The body of [`matmul_broadcast`], compiled in this crate.
// ANCHOR: matmul_broadcast
#[inline(never)]
fn broadcast_rows(a: ArrayView2<'_, f32>, b: ArrayView2<'_, f32>) -> Result<Array2<f32>> {
    let dims = check_matmul_shapes("matmul_broadcast", &a, &b)?;
    let mut c = Array2::zeros((dims.rows, dims.cols));
    for (i, mut c_row) in c.rows_mut().into_iter().enumerate() {
        let scaled_rows = &as_column(a.row(i)) * &b; // (k,1) * (k,n) → (k,n)
        c_row.assign(&scaled_rows.sum_axis(Axis(0))); // c[i] = Σ_k a[i,k]·b[k]
    }
    Ok(c)
}
// ANCHOR_END: matmul_broadcast

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array1, array};

    #[test]
    fn row_and_column_vectors_add_along_different_axes() {
        let m = array![[1.0f32, 2.0], [3.0, 4.0]];
        let v = array![10.0f32, 20.0];
        assert_eq!(as_row(v.view()).shape(), &[1, 2]);
        assert_eq!(as_column(v.view()).shape(), &[2, 1]);
        assert_eq!(
            add_row_vector(&m, &v).unwrap(),
            array![[11.0, 22.0], [13.0, 24.0]]
        );
        assert_eq!(
            add_col_vector(&m, &v).unwrap(),
            array![[11.0, 12.0], [23.0, 24.0]]
        );
    }

    #[test]
    fn vector_of_the_wrong_length_is_an_error_not_a_panic() {
        let m = Array2::<f32>::zeros((2, 3));
        let v = Array1::<f32>::zeros(2);
        let err = add_row_vector(&m, &v).unwrap_err().to_string();
        assert!(
            err.contains("add_row_vector: got [2, 3] and [1, 2]"),
            "{err}"
        );
        let err = add_col_vector(&m, &Array1::zeros(3))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("add_col_vector: got [2, 3] and [3, 1]"),
            "{err}"
        );
    }

    #[test]
    fn column_expansion_has_stride_zero_along_columns() {
        let v = array![1.0f32, 2.0, 3.0];
        let column = as_column(v.view());
        let expanded = expand_as(&column, (3, 4)).unwrap();
        assert_eq!(strides_of(&expanded), vec![1, 0]);
        assert_eq!(expanded.column(3), v);
        assert!(shares_memory(&expanded, &v));
    }

    #[test]
    fn shares_memory_sees_overlap_not_just_equal_starts() {
        let m = Array2::<f32>::zeros((3, 3));
        let last_row = m.row(2);
        let first_row = m.row(0);
        assert!(shares_memory(&m, &last_row));
        assert!(!shares_memory(&first_row, &last_row));
        assert!(!shares_memory(&m, &m.to_owned()));
        assert!(!shares_memory(&m, &Array1::<f32>::zeros(0)));
    }

    #[test]
    fn explanation_walks_every_dimension() {
        let text = explain_broadcast(&[8, 1, 6, 1], &[7, 1, 5]);
        assert!(text.contains("(1) align"), "{text}");
        assert!(
            text.contains("dim -1: 1 vs 5 — one is 1: stretched to 5"),
            "{text}"
        );
        assert!(
            text.contains("dim -2: 6 vs 1 — one is 1: stretched to 6"),
            "{text}"
        );
        assert!(
            text.contains("dim -4: 8 vs missing — one is missing, counts as 1: stretched to 8"),
            "{text}"
        );
        assert!(text.ends_with("result: [8, 7, 6, 5]"), "{text}");
        let clash = explain_broadcast(&[2, 3], &[3, 3]);
        assert!(clash.contains("dim -1: 3 vs 3 — equal: stays 3"), "{clash}");
        assert!(clash.ends_with("result: not broadcastable"), "{clash}");
    }
}
