//! # Exercise 01: a single neuron (worked solution)
//!
//! The neuron is a dot product plus a bias. Checking the lengths first turns a caller's mistake
//! into an error value; `zip` would otherwise silently stop at the shorter slice.

use foundations::{Error, Result};

/// `out = Σ_i inputs[i] · weights[i] + bias`, or a shape error when the lengths differ.
pub fn neuron(inputs: &[f32], weights: &[f32], bias: f32) -> Result<f32> {
    if inputs.len() != weights.len() {
        return Err(Error::Shape(format!(
            "neuron: {} inputs but {} weights; expected one weight per input",
            inputs.len(),
            weights.len()
        )));
    }
    // Pair every input with its weight and add up the products: Σ_i x[i]·w[i].
    let weighted_sum: f32 = inputs.iter().zip(weights).map(|(x, w)| x * w).sum();
    Ok(weighted_sum + bias) // out = Σ x·w + b
}
