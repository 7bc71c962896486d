//! The general einsum path: one loop over every combination of letter values.

use std::collections::BTreeMap;

use ndarray::{ArrayD, ArrayViewD, Dimension, IxDyn};

use super::spec::Spec;
use crate::tensor::Float;

/// Evaluates `spec` by brute force, straight from the einsum rules ([`super::EINSUM_RULES`]):
///
/// `out[output letters] = Σ_{summed letters} Π_operands operand[its letters]`
///
/// Every letter gets its own loop index. Letters shared by operands pick matching elements,
/// which are multiplied; letters missing from the output are summed over; a letter written
/// twice in one operand indexes both axes with the same value, which reads the diagonal.
/// `sizes` must come from [`super::spec::letter_sizes`] for these operands.
// ANCHOR: contract_by_loops
pub(super) fn contract_by_loops<A: Float>(
    spec: &Spec,
    sizes: &BTreeMap<char, usize>,
    operands: &[ArrayViewD<'_, A>],
) -> ArrayD<A> {
    let letters = loop_letters(spec, sizes);
    let loop_shape: Vec<usize> = letters.iter().map(|l| sizes[l]).collect();
    let operand_axes: Vec<Vec<usize>> = spec
        .inputs
        .iter()
        .map(|term| positions_in(term, &letters))
        .collect();
    let n_out = spec.output.len();
    let mut out = ArrayD::zeros(IxDyn(&loop_shape[..n_out]));
    for index in ndarray::indices(IxDyn(&loop_shape)) {
        let index = index.slice();
        let product = operands
            .iter()
            .zip(&operand_axes)
            .fold(A::one(), |acc, (operand, axes)| {
                acc * operand[pick(index, axes).as_slice()] // Π_operands operand[its letters]
            });
        out[&index[..n_out]] += product; // Σ over the letters after the output's
    }
    out
}

/// The loop order: the output letters first (so the output index is a prefix), then the
/// summed letters alphabetically.
fn loop_letters(spec: &Spec, sizes: &BTreeMap<char, usize>) -> Vec<char> {
    let summed = sizes.keys().filter(|l| !spec.output.contains(l));
    spec.output.iter().chain(summed).copied().collect()
}

/// Where each letter of `term` sits in `letters` (which holds every letter of the spec).
fn positions_in(term: &[char], letters: &[char]) -> Vec<usize> {
    let position: BTreeMap<char, usize> =
        letters.iter().enumerate().map(|(i, l)| (*l, i)).collect();
    term.iter().map(|letter| position[letter]).collect()
}

/// The entries of `index` at `axes`: one operand's index inside the full loop index.
fn pick(index: &[usize], axes: &[usize]) -> Vec<usize> {
    axes.iter().map(|&axis| index[axis]).collect()
}
// ANCHOR_END: contract_by_loops
