//! # Exercise 21: squeeze, and why its argument matters (worked solution)
//!
//! `remove_axis` does the real work. Removing from the highest axis down keeps the positions of
//! the axes still to be visited unchanged.

use foundations::{Error, Result};
use ndarray::{Array1, Array2, ArrayD, Axis, Ix1};

/// `a` with every length-1 axis removed (PyTorch's `squeeze()`).
pub fn squeeze_all(a: ArrayD<f32>) -> ArrayD<f32> {
    let ones: Vec<usize> = (0..a.ndim()).filter(|&k| a.shape()[k] == 1).collect();
    ones.into_iter()
        .rev() // highest axis first, so lower indices stay valid
        .fold(a, |a, k| a.remove_axis(Axis(k)))
}

/// `a` with axis `axis` removed; that axis must exist and have length 1 (`squeeze(axis)`).
pub fn squeeze_axis(a: ArrayD<f32>, axis: usize) -> Result<ArrayD<f32>> {
    match a.shape().get(axis) {
        None => Err(Error::Invalid(format!(
            "squeeze_axis: axis {axis} of an array of rank {}",
            a.ndim()
        ))),
        Some(&len) if len != 1 => Err(Error::Shape(format!(
            "squeeze_axis: axis {axis} of {:?} has length {len}; expected 1",
            a.shape()
        ))),
        Some(_) => Ok(a.remove_axis(Axis(axis))),
    }
}

/// `mean_i (pred[i, 0] - target[i])²` with `pred: (n, 1)` squeezed to `(n,)` first.
pub fn mse(pred: &Array2<f32>, target: &Array1<f32>) -> Result<f32> {
    let squeezed = squeeze_axis(pred.clone().into_dyn(), 1)?; // (n, 1) → (n,)
    let pred = squeezed
        .into_dimensionality::<Ix1>()
        .map_err(|e| Error::Shape(format!("mse: {e}")))?;
    if pred.len() != target.len() {
        return Err(Error::Shape(format!(
            "mse: {} predictions and {} targets; expected one target per prediction",
            pred.len(),
            target.len()
        )));
    }
    let diff = &pred - target; // (n,) - (n,): no broadcasting surprise
    Ok(diff.mapv(|d| d * d).mean().unwrap_or(0.0))
}
