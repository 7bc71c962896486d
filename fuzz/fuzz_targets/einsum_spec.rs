//! The einsum spec parser with operand shapes, then (for small problems) both contraction
//! paths. Input is text: `SPEC|SHAPE|SHAPE...`, each shape written `2x3x4` (`` for a scalar),
//! e.g. `ik,kj->ij|2x3|3x4`. `parse_spec` and `letter_sizes` must accept or explain; a spec
//! they accept must give the same numbers from `einsum` (matmul route) and `einsum_general`
//! (one loop per letter).
#![no_main]

use foundations::einsum::{einsum, einsum_general, letter_sizes, parse_spec};
use libfuzzer_sys::fuzz_target;
use ndarray::{ArrayD, IxDyn};

/// Largest number of loop iterations (product of all letter sizes) the numeric check runs.
const MAX_WORK: usize = 20_000;
/// Most operands the numeric check multiplies: their products of values in -2..=2 stay exact.
const MAX_OPERANDS: usize = 4;

/// `2x3x4` as `[2, 3, 4]`; the empty string is a scalar's shape. Sizes above 255 are refused
/// here (the harness's own format, not the parser under test).
fn shape(text: &str) -> Option<Vec<usize>> {
    if text.is_empty() {
        return Some(Vec::new());
    }
    text.split('x')
        .map(|n| n.parse::<u8>().ok().map(usize::from))
        .collect()
}

fuzz_target!(|text: &str| {
    let mut parts = text.split('|');
    let spec = parts.next().unwrap_or_default();
    let Some(shapes) = parts.map(shape).collect::<Option<Vec<_>>>() else {
        return;
    };
    let Ok(parsed) = parse_spec(spec, shapes.len()) else {
        return;
    };
    let shape_refs: Vec<&[usize]> = shapes.iter().map(Vec::as_slice).collect();
    let Ok(sizes) = letter_sizes(&parsed, &shape_refs) else {
        return;
    };
    let work = sizes
        .values()
        .try_fold(1usize, |acc, &n| acc.checked_mul(n.max(1)));
    if shapes.len() > MAX_OPERANDS || work.is_none_or(|w| w > MAX_WORK) {
        return;
    }
    // Deterministic small integers, so every sum is exact in f32 whatever its order.
    let operands: Vec<ArrayD<f32>> = shapes
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let n: usize = s.iter().product();
            let values = (0..n).map(|i| ((i * 7 + k * 3) % 5) as f32 - 2.0).collect();
            ArrayD::from_shape_vec(IxDyn(s), values).expect("n matches the shape")
        })
        .collect();
    let views: Vec<_> = operands.iter().map(|a| a.view()).collect();
    let fast = einsum(spec, &views).expect("parse_spec and letter_sizes accepted it");
    let slow = einsum_general(spec, &views).expect("parse_spec and letter_sizes accepted it");
    assert_eq!(fast, slow, "{text}");
    let out_shape: Vec<usize> = parsed.output.iter().map(|c| sizes[c]).collect();
    assert_eq!(fast.shape(), out_shape.as_slice(), "{text}");
});
