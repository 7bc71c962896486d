//! # Exercise 17: einsum from its three rules
//!
//! The chapter gives Einstein summation three rules:
//!
//! 1. a letter repeated across the inputs pairs up their elements along that axis, and the
//!    paired elements are multiplied; when the letter is absent from the output they are summed;
//! 2. each letter appears at most twice;
//! 3. the letters that are not repeated appear in the output.
//!
//! With an explicit output (after `->`) the output has the last word, as in numpy: a repeated
//! letter may stay in the output, a letter used once may be left out (it is then summed), and a
//! letter written twice in one operand (`"ii,i->i"`) indexes both axes with the same value.
//!
//! Write an einsum for exactly two operands and an explicit output, without
//! `foundations::einsum`. The simplest correct way: find each letter's size from the shapes,
//! then visit every combination of letter values; at each, multiply the two elements the
//! operands' letters pick and add the product into the output element the output letters pick.
//!
//! Return `foundations::Error::Einsum` for a spec without `->`, without exactly two input terms,
//! with a character that is not an ASCII letter, with a term whose length differs from its
//! operand's rank, with a letter that has two different sizes, or with an output letter that is
//! missing from the inputs or repeated.

use foundations::Result;
use ndarray::ArrayD;

/// `out[output letters] = Σ_{other letters} a[a's letters] · b[b's letters]`.
pub fn einsum2(spec: &str, a: &ArrayD<f64>, b: &ArrayD<f64>) -> Result<ArrayD<f64>> {
    todo!("parse, size the letters, loop over every combination")
}
