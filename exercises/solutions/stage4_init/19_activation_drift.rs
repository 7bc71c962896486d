//! # Exercise 19: activations that drift away from 1 (worked solution)
//!
//! Each layer multiplies the std by about `scale · sqrt(width)`: every output is a sum of
//! `width` products. With width 100 that is 10 per layer for `scale = 1` (overflow within about
//! 40 layers) and 0.1 per layer for `scale = 0.01`; only `scale = 1/sqrt(width)` keeps it near 1.

use foundations::init::{randn, rng};
use ndarray::Array2;

/// The population standard deviation of every element, `sqrt(Σ(x - mean)² / n)`, in `f64`.
fn std_of(x: &Array2<f32>) -> f32 {
    let n = x.len() as f64;
    let mean = x.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
    let variance = x
        .iter()
        .map(|&v| (f64::from(v) - mean).powi(2))
        .sum::<f64>()
        / n;
    variance.sqrt() as f32
}

/// The std of the activations after each of `layers` layers `x = x @ (randn · scale)`.
pub fn layer_stds(seed: u64, layers: usize, batch: usize, width: usize, scale: f32) -> Vec<f32> {
    let mut r = rng(seed);
    let mut x = randn::<f32>(&mut r, batch, width);
    (0..layers)
        .map(|_| {
            let w = randn::<f32>(&mut r, width, width) * scale;
            x = x.dot(&w); // x = x @ w
            std_of(&x)
        })
        .collect()
}

/// The first layer whose std is NaN, infinite, above `factor` or below `1 / factor`.
pub fn first_drifted_layer(stds: &[f32], factor: f32) -> Option<usize> {
    let healthy = |std: f32| std.is_finite() && (1.0 / factor..=factor).contains(&std);
    stds.iter().position(|&std| !healthy(std))
}
