//! # Exercise 23: the gradient of the MSE loss (worked solution)
//!
//! The arithmetic runs on the `(n,)` column view and `insert_axis` restores the `(n, 1)` shape;
//! working on `pred - target` directly would broadcast to `(n, n)`.

use foundations::{Error, Result};
use ndarray::{Array1, Array2, Axis};

/// `∂mse/∂pred[i, 0] = 2 (pred[i, 0] - target[i]) / n`, shape `(n, 1)`.
pub fn mse_grad(pred: &Array2<f64>, target: &Array1<f64>) -> Result<Array2<f64>> {
    if pred.ncols() != 1 || pred.nrows() != target.len() {
        return Err(Error::Shape(format!(
            "mse_grad: pred {:?} and target {:?}; expected (n, 1) and (n,)",
            pred.shape(),
            target.shape()
        )));
    }
    let n = target.len() as f64;
    let diff = &pred.column(0) - target; // p - y, shape (n,)
    Ok((diff * (2.0 / n)).insert_axis(Axis(1))) // 2 (p - y) / n, back to (n, 1)
}
