//! # Exercise 01: a single neuron
//!
//! A neuron multiplies each of its inputs by a weight of its own, adds the products up and adds
//! a bias: `out = x[0]·w[0] + x[1]·w[1] + … + x[n-1]·w[n-1] + b`.
//!
//! Write it with plain Rust slices; ndarray comes later. There must be exactly one weight per
//! input. When the lengths differ, that is the caller's mistake, not a reason to crash: return
//! `Err(foundations::Error::Shape(message))` with both lengths in the message.

use foundations::Result;

/// `out = Σ_i inputs[i] · weights[i] + bias`, or a shape error when the lengths differ.
pub fn neuron(inputs: &[f32], weights: &[f32], bias: f32) -> Result<f32> {
    todo!("multiply each input by its weight, sum, add the bias")
}
