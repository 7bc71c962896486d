//! # Exercise 17: einsum from its three rules
//!
//! Behind every einsum spec are three rules:
//!
//! 1. a letter shared by several operands pairs up their elements along those axes, and the
//!    paired elements are multiplied;
//! 2. a letter that is not in the output (after `->`) is summed over;
//! 3. the output's letters, in order, give the output's axes.
//!
//! A letter written twice in one operand (`"ii,i->i"`) indexes both axes with the same value.
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
