//! # Exercise 10: `[1, 2] + [1]` and `[1, 2] + [1, 2, 3]` (worked solution)
//!
//! Checking the shapes first turns ndarray's panic into an error value. After that, both
//! operands are viewed at the common shape (stride 0 along stretched axes, nothing copied) and
//! added element by element.

use foundations::{Error, Result};
use ndarray::{ArrayD, IxDyn};

use super::broadcast_rules::broadcast_shape;

/// `a + b` with broadcasting, or a shape error naming both shapes.
pub fn add(a: &ArrayD<f32>, b: &ArrayD<f32>) -> Result<ArrayD<f32>> {
    let shape_error = || {
        Error::Shape(format!(
            "add: {:?} and {:?} do not broadcast; expected aligned sizes that are equal or 1",
            a.shape(),
            b.shape()
        ))
    };
    let shape = IxDyn(&broadcast_shape(a.shape(), b.shape()).ok_or_else(shape_error)?);
    let a_stretched = a.broadcast(shape.clone()).ok_or_else(shape_error)?;
    let b_stretched = b.broadcast(shape).ok_or_else(shape_error)?;
    Ok(&a_stretched + &b_stretched) // same shapes now: plain elementwise addition
}
