//! # Exercise 09: the broadcasting rules
//!
//! Two arrays of different shapes can still be combined elementwise when their shapes
//! *broadcast*. numpy, PyTorch and ndarray all use the same rules:
//!
//! 1. line the two shapes up at their **last** axis;
//! 2. where the shorter shape has run out, pretend its size is 1;
//! 3. each aligned pair of sizes must be equal, or one of them must be 1, which is then
//!    stretched to the other. The result has the larger size of each pair.
//!
//! So `[8, 1, 6, 1]` and `[7, 1, 5]` broadcast to `[8, 7, 6, 5]`, and `[2]` with `[3]` does not
//! broadcast at all. Write the rule yourself, without `foundations::broadcast`.

/// The shape of `x ⊕ y` for `x` of shape `a` and `y` of shape `b`, or `None` when they do not
/// broadcast.
pub fn broadcast_shape(a: &[usize], b: &[usize]) -> Option<Vec<usize>> {
    todo!("walk both shapes from the end")
}
