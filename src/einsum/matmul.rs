//! The fast einsum path: a two-operand contraction rewritten as a batched matrix product.
//!
//! In `"bik,bkj->bij"` every letter plays one of four roles: `b` is in both operands and the
//! output (a batch letter), `k` is in both operands but not the output (contracted), `i` only
//! in the left operand (left-free), `j` only in the right one (right-free). Permuting the left
//! operand to `[batch, left-free, contracted]` and the right one to `[batch, contracted,
//! right-free]`, then merging each group into one axis, turns any such spec into
//! `out[b] = left[b] · right[b]` — a loop of ordinary matrix products, done by ndarray's
//! optimised kernel. Specs that do not fit (a diagonal, a letter summed inside one operand,
//! more or fewer than two operands) take the general loop path instead.

use std::collections::BTreeMap;

use ndarray::linalg::general_mat_mul;
use ndarray::{Array3, ArrayD, ArrayViewD, IxDyn};

use super::spec::Spec;
use crate::error::{Error, Result};
use crate::tensor::Float;

/// The role of every letter of a two-operand spec that maps onto a batched matmul.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct MatmulRoute {
    /// In both operands and the output.
    batch: Vec<char>,
    /// Only in the left operand; kept in the output.
    left_free: Vec<char>,
    /// In both operands, summed away.
    contracted: Vec<char>,
    /// Only in the right operand; kept in the output.
    right_free: Vec<char>,
}

/// The matmul route for `spec`, or `None` when the spec needs the general path.
pub(super) fn matmul_route(spec: &Spec) -> Option<MatmulRoute> {
    let [left, right] = spec.inputs.as_slice() else {
        return None;
    };
    if has_repeat(left) || has_repeat(right) {
        return None; // a diagonal
    }
    let in_output = |letter: &char| spec.output.contains(letter);
    let (shared, left_only): (Vec<char>, Vec<char>) = left.iter().partition(|l| right.contains(l));
    let right_only: Vec<char> = right
        .iter()
        .filter(|r| !left.contains(r))
        .copied()
        .collect();
    if !left_only.iter().chain(&right_only).all(in_output) {
        return None; // a letter summed inside one operand
    }
    let (batch, contracted) = shared.into_iter().partition(in_output);
    Some(MatmulRoute {
        batch,
        left_free: left_only,
        contracted,
        right_free: right_only,
    })
}

/// Whether some letter occurs twice in `term`.
fn has_repeat(term: &[char]) -> bool {
    term.iter()
        .enumerate()
        .any(|(i, letter)| term[..i].contains(letter))
}

/// Evaluates a spec along its [`MatmulRoute`]: `out[b] = left[b] · right[b]` per batch index,
/// then the axes are split back into letters and put in the output's order.
pub(super) fn contract_by_matmul<A: Float>(
    route: &MatmulRoute,
    spec: &Spec,
    sizes: &BTreeMap<char, usize>,
    left: &ArrayViewD<'_, A>,
    right: &ArrayViewD<'_, A>,
) -> Result<ArrayD<A>> {
    let groups_left = [&route.batch, &route.left_free, &route.contracted];
    let groups_right = [&route.batch, &route.contracted, &route.right_free];
    let left_by_group = permuted(left, &spec.inputs[0], groups_left);
    let right_by_group = permuted(right, &spec.inputs[1], groups_right);
    let left_3d = left_by_group
        .to_shape(merged_sizes(groups_left, sizes))
        .map_err(|e| internal_error("merge the left operand's axes", e))?;
    let right_3d = right_by_group
        .to_shape(merged_sizes(groups_right, sizes))
        .map_err(|e| internal_error("merge the right operand's axes", e))?;
    let (batches, rows, cols) = (left_3d.shape()[0], left_3d.shape()[1], right_3d.shape()[2]);
    let mut product = Array3::zeros((batches, rows, cols));
    let pairs = left_3d.outer_iter().zip(right_3d.outer_iter());
    for ((l, r), mut out) in pairs.zip(product.outer_iter_mut()) {
        general_mat_mul(A::one(), &l, &r, A::zero(), &mut out); // out[b] = left[b] · right[b]
    }
    let letters: Vec<char> = [&route.batch, &route.left_free, &route.right_free]
        .into_iter()
        .flatten()
        .copied()
        .collect();
    let unmerged = product
        .into_shape_with_order(IxDyn(&sizes_of(&letters, sizes)))
        .map_err(|e| internal_error("split the product's axes", e))?;
    let order = positions(&spec.output, &letters);
    Ok(unmerged
        .permuted_axes(IxDyn(&order))
        .as_standard_layout()
        .into_owned())
}

/// A view of `operand` with its axes reordered to list the letters of `groups` in turn.
fn permuted<'a, A>(
    operand: &ArrayViewD<'a, A>,
    term: &[char],
    groups: [&Vec<char>; 3],
) -> ArrayViewD<'a, A> {
    let order: Vec<char> = groups.into_iter().flatten().copied().collect();
    operand
        .clone()
        .permuted_axes(IxDyn(&positions(&order, term)))
}

/// The 3-d shape that merges each group of letters into one axis of their product's size.
///
/// `to_shape` with this shape returns a view when the strides allow it (always when each
/// group has at most one letter) and a copy otherwise.
fn merged_sizes(groups: [&Vec<char>; 3], sizes: &BTreeMap<char, usize>) -> (usize, usize, usize) {
    let [a, b, c] = groups.map(|group| sizes_of(group, sizes).iter().product::<usize>());
    (a, b, c)
}

/// The size of each letter.
fn sizes_of(letters: &[char], sizes: &BTreeMap<char, usize>) -> Vec<usize> {
    letters.iter().map(|letter| sizes[letter]).collect()
}

/// For each letter of `wanted`, its position in `term` (every wanted letter is in `term`).
fn positions(wanted: &[char], term: &[char]) -> Vec<usize> {
    let position: BTreeMap<char, usize> = term.iter().enumerate().map(|(i, l)| (*l, i)).collect();
    wanted.iter().map(|letter| position[letter]).collect()
}

/// A reshape that the route's bookkeeping guarantees cannot fail, failing anyway.
fn internal_error(step: &str, cause: ndarray::ShapeError) -> Error {
    Error::Einsum(format!("internal error: could not {step}: {cause}"))
}

#[cfg(test)]
mod tests {
    use super::super::spec::parse_spec;
    use super::*;

    fn route(spec: &str, n: usize) -> Option<MatmulRoute> {
        matmul_route(&parse_spec(spec, n).unwrap())
    }

    #[test]
    fn matmul_like_specs_take_the_matmul_route() {
        let r = route("bik,bkj->bij", 2).unwrap();
        assert_eq!(
            (r.batch, r.left_free, r.contracted, r.right_free),
            (vec!['b'], vec!['i'], vec!['k'], vec!['j'])
        );
        let r = route("bi,bj->ij", 2).unwrap();
        assert_eq!(
            (r.contracted, r.left_free, r.right_free),
            (vec!['b'], vec!['i'], vec!['j'])
        );
        assert!(route("ik,kj->ji", 2).is_some());
        assert!(route("ik,kj", 2).is_some());
    }

    #[test]
    fn other_specs_take_the_general_route() {
        assert!(route("ij->ji", 1).is_none());
        assert!(route("ii,ij->ij", 2).is_none());
        assert!(route("ik,kj->i", 2).is_none());
        assert!(route("i,i,i->i", 3).is_none());
    }
}
