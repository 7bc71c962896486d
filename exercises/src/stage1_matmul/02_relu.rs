//! # Exercise 02: ReLU
//!
//! The rectified linear unit is the simplest useful nonlinearity: it lets a positive number
//! through unchanged and replaces anything else by zero, `relu(x) = max(x, 0)`.
//!
//! Write it for one number, then for every element of a matrix (the output of a whole layer),
//! without calling `foundations::backprop::relu`.

use ndarray::Array2;

/// `relu(x) = max(x, 0)`.
pub fn relu(x: f32) -> f32 {
    todo!("keep positive numbers, zero the rest")
}

/// ReLU applied to every element: `out[i, j] = max(x[i, j], 0)`, same shape as `x`.
pub fn relu_layer(x: &Array2<f32>) -> Array2<f32> {
    todo!("apply relu to every element")
}
