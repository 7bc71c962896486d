//! # Exercise 23: the gradient of the MSE loss
//!
//! `mse = (1/n) Σ_i (p_i - y_i)²` for predictions `p = pred[:, 0]` and targets `y`. Only the
//! `i`-th term depends on `p_i`, and the derivative of `(p_i - y_i)²` is `2 (p_i - y_i)`, so
//!
//! `∂mse/∂p_i = 2 (p_i - y_i) / n`.
//!
//! This is the first step of every backward pass: the gradient arriving at the model's output.
//! It must have the shape of `pred`, `(n, 1)`, because the next step backwards multiplies it
//! with things shaped like the output. Write it without `foundations::backprop::mse_grad`;
//! return a `foundations::Error::Shape` unless `pred` is `(n, 1)` and `target` is `(n,)`.

use foundations::Result;
use ndarray::{Array1, Array2};

/// `∂mse/∂pred[i, 0] = 2 (pred[i, 0] - target[i]) / n`, shape `(n, 1)`.
pub fn mse_grad(pred: &Array2<f64>, target: &Array1<f64>) -> Result<Array2<f64>> {
    todo!("2 (p - y) / n, as an (n, 1) column")
}
