//! # Exercise 20: init formulas for linear and ReLU layers
//!
//! An output of a layer is a sum of `fan_in` products `x_i · w_i`. With independent inputs of
//! variance 1 and weights of variance `v`, that sum has variance `fan_in · v`; choosing
//! `v = 1 / fan_in`, i.e. `std = 1 / sqrt(fan_in)`, keeps it at 1 layer after layer.
//!
//! A ReLU after the layer zeroes the negative half of a symmetric distribution, which halves the
//! mean square of what the next layer receives. Doubling the variance compensates:
//! `std = sqrt(2 / fan_in)`, Kaiming (He) initialisation.
//!
//! Write both formulas, then `kaiming_weights`: `randn::<f32>(r, fan_in, fan_out)` scaled by the
//! ReLU std (use `foundations::init::randn`, not the library's `kaiming_normal`).

use foundations::init::Rng;
use ndarray::Array2;

/// The weight std that keeps a plain linear layer's output variance at 1: `1 / sqrt(fan_in)`.
pub fn linear_std(fan_in: usize) -> f64 {
    todo!("1 / sqrt(fan_in)")
}

/// The weight std for a linear layer followed by ReLU: `sqrt(2 / fan_in)`.
pub fn relu_std(fan_in: usize) -> f64 {
    todo!("twice the variance of the linear case")
}

/// Kaiming normal weights of shape `(fan_in, fan_out)`: `randn · sqrt(2 / fan_in)`.
pub fn kaiming_weights(r: &mut Rng, fan_in: usize, fan_out: usize) -> Array2<f32> {
    todo!("scaled standard normal draws")
}
