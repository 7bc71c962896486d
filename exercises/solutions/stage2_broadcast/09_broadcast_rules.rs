//! # Exercise 09: the broadcasting rules (worked solution)
//!
//! Walking both shapes backwards lines them up at their last axis (rule 1); `get` past the
//! start returns `None`, which stands for a missing size of 1 (rule 2); the `match` is rule 3.

/// The shape of `x ⊕ y` for `x` of shape `a` and `y` of shape `b`, or `None` when they do not
/// broadcast.
pub fn broadcast_shape(a: &[usize], b: &[usize]) -> Option<Vec<usize>> {
    let rank = a.len().max(b.len());
    // Size `back` places from the end (1 = last axis); a missing axis counts as 1.
    let size_from_end =
        |shape: &[usize], back: usize| shape.len().checked_sub(back).map_or(1, |i| shape[i]);
    let mut reversed = Vec::with_capacity(rank);
    for back in 1..=rank {
        let (x, y) = (size_from_end(a, back), size_from_end(b, back));
        let size = match (x, y) {
            _ if x == y => x,
            (1, other) | (other, 1) => other, // the 1 is stretched
            _ => return None,                 // different sizes, neither 1
        };
        reversed.push(size);
    }
    reversed.reverse();
    Some(reversed)
}
