//! # Exercise 02: ReLU (worked solution)
//!
//! `f32::max` would also work for one number, but the comparison spells out the definition.
//! `mapv` builds a new array by calling a function on every element by value.

use ndarray::Array2;

/// `relu(x) = max(x, 0)`.
pub fn relu(x: f32) -> f32 {
    if x > 0.0 { x } else { 0.0 } // max(x, 0)
}

/// ReLU applied to every element: `out[i, j] = max(x[i, j], 0)`, same shape as `x`.
pub fn relu_layer(x: &Array2<f32>) -> Array2<f32> {
    x.mapv(relu)
}
