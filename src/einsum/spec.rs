//! Reading an einsum spec such as `"bi,bj->ij"` and checking it against the operands' shapes.

use std::collections::BTreeMap;
use std::fmt;

use crate::error::{Error, Result};

/// A parsed einsum spec: the axis letters of each input operand and of the output.
///
/// `"ik,kj->ij"` parses to inputs `[['i','k'], ['k','j']]` and output `['i','j']`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    /// One list of letters per operand, one letter per axis.
    pub inputs: Vec<Vec<char>>,
    /// The output's letters, in the output's axis order.
    pub output: Vec<char>,
}

impl fmt::Display for Spec {
    /// Prints the explicit form, e.g. `ik,kj->ij` (also for a spec written without `->`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inputs: Vec<String> = self.inputs.iter().map(|t| t.iter().collect()).collect();
        let output: String = self.output.iter().collect();
        write!(f, "{}->{output}", inputs.join(","))
    }
}

/// Parses `spec` for `n_operands` operands. Spaces are ignored; axes are ASCII letters.
///
/// Terms are separated by `,`; an optional `->` introduces the output. Without `->` the
/// output is numpy's implicit one: every letter used exactly once, in alphabetical order
/// (so `"ik,kj"` means `"ik,kj->ij"` and `"ii"` means the trace `"ii->"`).
pub fn parse_spec(spec: &str, n_operands: usize) -> Result<Spec> {
    let compact: String = spec.chars().filter(|c| *c != ' ').collect();
    let mut sides = compact.split("->");
    let left = sides.next().unwrap_or_default();
    let explicit_output = sides.next();
    if sides.next().is_some() {
        return Err(spec_error(spec, "`->` may appear only once"));
    }
    let inputs = left
        .split(',')
        .map(|term| letters_of(spec, term))
        .collect::<Result<Vec<_>>>()?;
    if inputs.len() != n_operands {
        return Err(spec_error(
            spec,
            &format!(
                "it has {} input term(s) but {n_operands} operand(s) were given",
                inputs.len()
            ),
        ));
    }
    let output = match explicit_output {
        Some(term) => checked_output(spec, &inputs, letters_of(spec, term)?)?,
        None => implicit_output(&inputs),
    };
    Ok(Spec { inputs, output })
}

/// The letters of one term, rejecting anything that is not an ASCII letter.
fn letters_of(spec: &str, term: &str) -> Result<Vec<char>> {
    match term.chars().find(|c| !c.is_ascii_alphabetic()) {
        Some('.') => Err(spec_error(spec, "ellipsis `...` is not supported")),
        Some(c) => Err(spec_error(
            spec,
            &format!("{c:?} is not an axis letter (expected a-z or A-Z, `,` and `->`)"),
        )),
        None => Ok(term.chars().collect()),
    }
}

/// Checks an explicit output: every letter appears in some input, and only once in the output.
fn checked_output(spec: &str, inputs: &[Vec<char>], output: Vec<char>) -> Result<Vec<char>> {
    for (position, letter) in output.iter().enumerate() {
        if !inputs.iter().any(|term| term.contains(letter)) {
            let msg = format!("output letter {letter} does not appear in any input");
            return Err(spec_error(spec, &msg));
        }
        if output[..position].contains(letter) {
            let msg = format!(
                "output letter {letter} is repeated; each output axis needs its own letter"
            );
            return Err(spec_error(spec, &msg));
        }
    }
    Ok(output)
}

/// numpy's implicit output: the letters that occur exactly once over all inputs, sorted.
fn implicit_output(inputs: &[Vec<char>]) -> Vec<char> {
    let mut counts = BTreeMap::new();
    for letter in inputs.iter().flatten() {
        *counts.entry(*letter).or_insert(0) += 1;
    }
    counts
        .into_iter()
        .filter(|(_, count)| *count == 1)
        .map(|(letter, _)| letter)
        .collect()
}

/// The size of every letter, read from the operand shapes, with ranks and sizes checked.
///
/// Each operand must have one axis per letter of its term, and a letter must have the same
/// size wherever it appears (in different operands, or twice in one operand for a diagonal).
pub fn letter_sizes(spec: &Spec, shapes: &[&[usize]]) -> Result<BTreeMap<char, usize>> {
    if shapes.len() != spec.inputs.len() {
        return Err(Error::Einsum(format!(
            "spec '{spec}' has {} input term(s) but {} operand shape(s) were given",
            spec.inputs.len(),
            shapes.len()
        )));
    }
    // letter → (size, operand, axis) where it was first seen, to name both places on a clash.
    let mut first_seen: BTreeMap<char, (usize, usize, usize)> = BTreeMap::new();
    for (operand, (term, shape)) in spec.inputs.iter().zip(shapes).enumerate() {
        if term.len() != shape.len() {
            return Err(Error::Einsum(format!(
                "spec '{spec}': operand {operand} has rank {} (shape {shape:?}) but its term '{}' names {} axes",
                shape.len(),
                term.iter().collect::<String>(),
                term.len()
            )));
        }
        for (axis, (&letter, &size)) in term.iter().zip(shape.iter()).enumerate() {
            let &mut (known, first_operand, first_axis) =
                first_seen.entry(letter).or_insert((size, operand, axis));
            if known != size {
                return Err(Error::Einsum(format!(
                    "spec '{spec}': letter {letter} is {known} in operand {first_operand} \
                     (axis {first_axis} of shape {:?}) but {size} in operand {operand} \
                     (axis {axis} of shape {shape:?})",
                    shapes[first_operand]
                )));
            }
        }
    }
    Ok(first_seen
        .into_iter()
        .map(|(letter, (size, _, _))| (letter, size))
        .collect())
}

/// An [`Error::Einsum`] quoting the spec as the user wrote it.
fn spec_error(spec: &str, reason: &str) -> Error {
    Error::Einsum(format!("bad spec '{spec}': {reason}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_are_ignored_and_empty_terms_are_scalars() {
        let spec = parse_spec(" ij , j -> i ", 2).unwrap();
        assert_eq!(spec.inputs, vec![vec!['i', 'j'], vec!['j']]);
        assert_eq!(spec.output, vec!['i']);
        let scalar = parse_spec(",i->i", 2).unwrap();
        assert_eq!(scalar.inputs, vec![vec![], vec!['i']]);
    }

    #[test]
    fn sizes_come_from_the_shapes_and_must_agree() {
        let spec = parse_spec("bi,bj->ij", 2).unwrap();
        let sizes = letter_sizes(&spec, &[&[64, 784], &[64, 10]]).unwrap();
        assert_eq!(
            sizes.into_iter().collect::<Vec<_>>(),
            vec![('b', 64), ('i', 784), ('j', 10)]
        );
        let err = letter_sizes(&spec, &[&[64, 784]]).unwrap_err().to_string();
        assert!(
            err.contains("2 input term(s) but 1 operand shape(s)"),
            "{err}"
        );
        let err = letter_sizes(&spec, &[&[64, 784], &[32, 10]])
            .unwrap_err()
            .to_string();
        assert!(err.contains("letter b is 64 in operand 0"), "{err}");
    }
}
