//! # Exercise 17: einsum from its three rules (worked solution)
//!
//! Three steps, each its own function: read the spec, give every letter a size (checking the
//! shapes), and contract. The contraction is the rules word for word: one loop index per
//! letter, with the output's letters first so the output index is a prefix of the loop index.

use std::collections::BTreeMap;

use foundations::{Error, Result};
use ndarray::{ArrayD, Dimension, IxDyn};

/// A parsed spec: the letters of the two inputs and of the output.
struct Spec {
    a: Vec<char>,
    b: Vec<char>,
    output: Vec<char>,
}

/// An `Error::Einsum` quoting the spec.
fn spec_error(spec: &str, reason: &str) -> Error {
    Error::Einsum(format!("einsum2 '{spec}': {reason}"))
}

/// The letters of one term; anything but an ASCII letter is an error.
fn letters(spec: &str, term: &str) -> Result<Vec<char>> {
    match term.chars().find(|c| !c.is_ascii_alphabetic()) {
        Some(c) => Err(spec_error(spec, &format!("{c:?} is not an axis letter"))),
        None => Ok(term.chars().collect()),
    }
}

/// Reads `"ab,bc->ac"`: exactly two input terms and an explicit output.
fn parse(spec: &str) -> Result<Spec> {
    let (inputs, output) = spec
        .split_once("->")
        .ok_or_else(|| spec_error(spec, "expected `->` followed by the output letters"))?;
    let terms: Vec<&str> = inputs.split(',').collect();
    let [a, b] = terms.as_slice() else {
        return Err(spec_error(spec, "expected exactly two input terms"));
    };
    let (a, b, output) = (letters(spec, a)?, letters(spec, b)?, letters(spec, output)?);
    for (position, letter) in output.iter().enumerate() {
        if !a.contains(letter) && !b.contains(letter) {
            return Err(spec_error(
                spec,
                &format!("output letter {letter} is in no input"),
            ));
        }
        if output[..position].contains(letter) {
            return Err(spec_error(
                spec,
                &format!("output letter {letter} is repeated"),
            ));
        }
    }
    Ok(Spec { a, b, output })
}

/// Every letter's size, read from the operands' shapes; a letter must have one size everywhere.
fn letter_sizes(spec: &str, terms: [(&[char], &[usize]); 2]) -> Result<BTreeMap<char, usize>> {
    let mut sizes = BTreeMap::new();
    for (operand, (term, shape)) in terms.into_iter().enumerate() {
        if term.len() != shape.len() {
            return Err(spec_error(
                spec,
                &format!(
                    "operand {operand} has shape {shape:?}, which does not fit {} letters",
                    term.len()
                ),
            ));
        }
        for (&letter, &size) in term.iter().zip(shape) {
            let known = *sizes.entry(letter).or_insert(size);
            if known != size {
                return Err(spec_error(
                    spec,
                    &format!("letter {letter} has size {known} and also {size}"),
                ));
            }
        }
    }
    Ok(sizes)
}

/// `out[output letters] = Σ_{other letters} a[a's letters] · b[b's letters]`.
pub fn einsum2(spec: &str, a: &ArrayD<f64>, b: &ArrayD<f64>) -> Result<ArrayD<f64>> {
    let parsed = parse(spec)?;
    let sizes = letter_sizes(spec, [(&parsed.a, a.shape()), (&parsed.b, b.shape())])?;
    // Loop letters: the output's first (rule 3), then the summed ones (rule 2).
    let summed = sizes.keys().filter(|l| !parsed.output.contains(l));
    let loop_letters: Vec<char> = parsed.output.iter().chain(summed).copied().collect();
    // Where each letter sits in the loop index (every letter of the spec is a loop letter).
    let position: BTreeMap<char, usize> = loop_letters
        .iter()
        .enumerate()
        .map(|(i, l)| (*l, i))
        .collect();
    let a_axes: Vec<usize> = parsed.a.iter().map(|l| position[l]).collect();
    let b_axes: Vec<usize> = parsed.b.iter().map(|l| position[l]).collect();
    let loop_shape: Vec<usize> = loop_letters.iter().map(|l| sizes[l]).collect();
    let n_out = parsed.output.len();
    let mut out = ArrayD::zeros(IxDyn(&loop_shape[..n_out]));
    for index in ndarray::indices(IxDyn(&loop_shape)) {
        let index = index.slice();
        let pick = |axes: &[usize]| -> Vec<usize> { axes.iter().map(|&k| index[k]).collect() };
        let product = a[pick(&a_axes).as_slice()] * b[pick(&b_axes).as_slice()]; // rule 1
        out[&index[..n_out]] += product; // rule 2: every summed letter lands on the same element
    }
    Ok(out)
}
