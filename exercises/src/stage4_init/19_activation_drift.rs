//! # Exercise 19: activations that drift away from 1
//!
//! Stack fifty layers `x = x @ w` with random weights and watch the standard deviation of `x`.
//! If each layer multiplies it by a little more than 1, fifty layers multiply it by a huge
//! number and the floats overflow to infinity (then NaN); a little less than 1 and it shrinks to
//! zero. Either way the signal, and the gradients that flow back the same way, are lost.
//!
//! Write the experiment: with `let mut r = foundations::init::rng(seed)`, draw
//! `x = randn(batch, width)` first, then for each layer draw `w = randn(width, width) * scale`
//! and set `x = x @ w`, recording the population std of `x` after every layer. Use
//! `foundations::init::randn::<f32>` for every draw, in exactly that order, so the numbers can be
//! checked against the library's `deep_stack`, which you must not call.
//!
//! Then `first_drifted_layer`: the index of the first std that is not finite or lies outside
//! `[1 / factor, factor]`.

/// The std of the activations after each of `layers` layers `x = x @ (randn · scale)`.
pub fn layer_stds(seed: u64, layers: usize, batch: usize, width: usize, scale: f32) -> Vec<f32> {
    todo!("x first, then one weight matrix per layer, from one generator")
}

/// The first layer whose std is NaN, infinite, above `factor` or below `1 / factor`.
pub fn first_drifted_layer(stds: &[f32], factor: f32) -> Option<usize> {
    todo!("find the first std outside the band")
}
