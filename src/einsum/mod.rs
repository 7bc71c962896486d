//! Stage 3: Einstein summation — one notation for matmul, transposes, traces and batched products.
//!
//! A spec such as `"ik,kj->ij"` names every axis of every operand with a letter. The chapter
//! states three rules for it ([`EINSUM_RULES`]):
//!
//! 1. a letter repeated across the inputs pairs up their elements along that axis, which are
//!    multiplied; when the letter is absent from the output, the products are summed over it;
//! 2. each letter appears at most twice;
//! 3. the letters that are not repeated appear in the output (after `->`, in the order written).
//!
//! So `"ik,kj->ij"` is `c[i,j] = Σ_k a[i,k]·b[k,j]`, a matrix product; `"bi,bj->ij"` is
//! `Σ_b x[b,i]·g[b,j]`, the weight gradient of a linear layer; `"ij->ji"` a transpose.
//!
//! Like numpy, the library reads the explicit output after `->` as the last word, which goes
//! beyond those rules: a repeated letter may be kept in the output (`"i,i->i"`, an elementwise
//! product), a letter used once may be left out and is then summed (`"ij->i"`, row sums), a
//! letter may be shared by more than two operands, and a letter written twice in one operand
//! (`"ii->i"`) reads its diagonal. Without `->` the output is every letter used once,
//! alphabetically (numpy's implicit mode, which is rule 3).
//!
//! ```
//! use foundations::einsum::einsum;
//! use ndarray::array;
//! let a = array![[1.0f32, 2.0], [3.0, 4.0]];
//! let b = array![[5.0f32, 6.0], [7.0, 8.0]];
//! let c = einsum("ik,kj->ij", &[a.view().into_dyn(), b.view().into_dyn()]).unwrap();
//! assert_eq!(c, a.dot(&b).into_dyn());
//! let diagonal = einsum("ii->i", &[a.view().into_dyn()]).unwrap();
//! assert_eq!(diagonal, array![1.0f32, 4.0].into_dyn());
//! ```
//!
//! [`parse_spec`] reads a spec and [`letter_sizes`] checks it against the operand shapes;
//! [`einsum_general`] then applies the rules with one loop per letter, readable but slow.
//! [`einsum`] gives the same numbers, sending two-operand contractions (matmul-like specs)
//! through ndarray's optimised matrix product instead.
//!
//! Both work on `f32` views and have no type parameters, so they are compiled, optimised, inside
//! this library rather than in the (unoptimised) notebook cell that calls them; see
//! [`crate::matmul_loops`].
//!
//! An existing crate, `ndarray-einsum` 0.9, supports ndarray 0.17, but its errors are fixed
//! strings without shapes or letters, and reading how the rules work is the point here.

mod loops;
mod matmul;
mod spec;

use std::collections::BTreeMap;

use ndarray::{ArrayD, ArrayViewD};

pub use spec::{Spec, letter_sizes, parse_spec};

use crate::error::Result;

/// The chapter's rules of Einstein summation, as notebook 03 prints them; the module docs say
/// how the explicit output after `->` extends them.
pub const EINSUM_RULES: &str = "Einstein summation rules: (1) a letter repeated across the \
inputs multiplies the elements it pairs up, and is summed over when it is absent from the output; \
(2) each letter appears at most twice; (3) the letters that are not repeated appear in the output.";

/// Einstein summation: `out[output letters] = Σ_{other letters} Π_operands operand[its letters]`.
///
/// Errors name what is wrong: a malformed spec, a term count that differs from the number of
/// operands, an operand whose rank differs from its term, or a letter with two sizes.
/// Two-operand contractions run as batched matrix products; everything else as
/// [`einsum_general`] does.
pub fn einsum(spec: &str, operands: &[ArrayViewD<'_, f32>]) -> Result<ArrayD<f32>> {
    let (parsed, sizes) = checked_spec(spec, operands)?;
    match (matmul::matmul_route(&parsed), operands) {
        (Some(route), [left, right]) => {
            matmul::contract_by_matmul(&route, &parsed, &sizes, left, right)
        }
        _ => Ok(loops::contract_by_loops(&parsed, &sizes, operands)),
    }
}

/// Einstein summation by the readable general path only: one loop index per letter,
/// `out[output letters] += Π_operands operand[its letters]` at every combination of indices.
///
/// Slow (it visits every combination of letter values), but a direct transcription of the
/// rules ([`EINSUM_RULES`]); [`einsum`] is checked against it.
pub fn einsum_general(spec: &str, operands: &[ArrayViewD<'_, f32>]) -> Result<ArrayD<f32>> {
    let (parsed, sizes) = checked_spec(spec, operands)?;
    Ok(loops::contract_by_loops(&parsed, &sizes, operands))
}

/// Parses `spec` for these operands and finds every letter's size, checking ranks and sizes.
fn checked_spec<A>(
    spec: &str,
    operands: &[ArrayViewD<'_, A>],
) -> Result<(Spec, BTreeMap<char, usize>)> {
    let parsed = parse_spec(spec, operands.len())?;
    let shapes: Vec<&[usize]> = operands.iter().map(|op| op.shape()).collect();
    let sizes = letter_sizes(&parsed, &shapes)?;
    Ok((parsed, sizes))
}
