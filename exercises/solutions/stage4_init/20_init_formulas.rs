//! # Exercise 20: init formulas for linear and ReLU layers (worked solution)
//!
//! Both formulas are "variance = gain² / fan_in": gain 1 for a linear layer, gain sqrt(2) for
//! ReLU, whose output keeps only half of the mean square.

use foundations::init::{Rng, randn};
use ndarray::Array2;

/// The weight std that keeps a plain linear layer's output variance at 1: `1 / sqrt(fan_in)`.
pub fn linear_std(fan_in: usize) -> f64 {
    1.0 / (fan_in as f64).sqrt() // var(w) = 1 / fan_in
}

/// The weight std for a linear layer followed by ReLU: `sqrt(2 / fan_in)`.
pub fn relu_std(fan_in: usize) -> f64 {
    (2.0 / fan_in as f64).sqrt() // var(w) = 2 / fan_in
}

/// Kaiming normal weights of shape `(fan_in, fan_out)`: `randn · sqrt(2 / fan_in)`.
pub fn kaiming_weights(r: &mut Rng, fan_in: usize, fan_out: usize) -> Array2<f32> {
    randn::<f32>(r, fan_in, fan_out) * relu_std(fan_in) as f32
}
