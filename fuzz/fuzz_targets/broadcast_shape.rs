//! `broadcast_shape` on two arbitrary shapes: it must never panic, and when it succeeds the
//! result must follow numpy's rule (aligned from the end, each size equal or stretched from 1).
#![no_main]

use foundations::broadcast::{broadcast_shape, explain_broadcast};
use libfuzzer_sys::fuzz_target;

/// A byte as an axis size: small sizes (so that pairs often match or are 1), and 255 as the
/// largest `usize`, to reach the extremes.
fn size(byte: u8) -> usize {
    if byte == u8::MAX {
        usize::MAX
    } else {
        usize::from(byte % 8)
    }
}

fuzz_target!(|shapes: (Vec<u8>, Vec<u8>)| {
    let a: Vec<usize> = shapes.0.iter().map(|&b| size(b)).collect();
    let b: Vec<usize> = shapes.1.iter().map(|&b| size(b)).collect();
    let result = broadcast_shape(&a, &b);
    assert_eq!(
        result.as_ref().ok(),
        broadcast_shape(&b, &a).as_ref().ok(),
        "broadcasting is symmetric"
    );
    // The rule, written independently: pad with 1s at the front, then every pair must be
    // equal or contain a 1, and the result takes the larger size.
    let rank = a.len().max(b.len());
    let padded = |s: &[usize]| [vec![1; rank - s.len()], s.to_vec()].concat();
    let (pa, pb) = (padded(&a), padded(&b));
    let expected: Option<Vec<usize>> = pa
        .iter()
        .zip(&pb)
        .map(|(&x, &y)| (x == y || x == 1 || y == 1).then(|| if x == 1 { y } else { x }))
        .collect();
    assert_eq!(result.ok(), expected, "{a:?} with {b:?}");
    let explanation = explain_broadcast(&a, &b);
    assert!(explanation.contains("result:"), "{explanation}");
});
