//! # Exercise 10: `[1, 2] + [1]` and `[1, 2] + [1, 2, 3]`
//!
//! In PyTorch `tensor([1, 2]) + tensor([1])` is `tensor([2, 3])`: the one-element tensor has
//! shape `[1]`, which broadcasts against `[2]`, so its single value is added to both elements.
//! `tensor([1, 2]) + tensor([1, 2, 3])` is an error: `[2]` and `[3]` differ and neither is 1.
//!
//! ndarray follows the same rules, but its `+` operator *panics* on shapes that do not
//! broadcast. Write an addition that never panics: use your `broadcast_shape` from exercise 09
//! to find the result's shape, then stretch both operands to it with ndarray's `broadcast`
//! before adding. When the shapes do not broadcast, return a `foundations::Error::Shape` whose
//! message contains both shapes as `{:?}` prints them (`[2]` and `[3]`).

use foundations::Result;
use ndarray::ArrayD;

/// `a + b` with broadcasting, or a shape error naming both shapes.
pub fn add(a: &ArrayD<f32>, b: &ArrayD<f32>) -> Result<ArrayD<f32>> {
    todo!("find the common shape, broadcast both, add")
}
