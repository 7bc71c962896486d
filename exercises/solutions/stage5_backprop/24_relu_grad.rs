//! # Exercise 24: the gradient of ReLU (worked solution)
//!
//! `Zip` walks the output gradient and the input together, producing a new array; the
//! comparison `x > 0` is the slope (1 or 0).

use foundations::{Error, Result};
use ndarray::{Array2, Zip};

/// `inp.g[i, j] = out.g[i, j]` where `inp[i, j] > 0`, and 0 elsewhere.
pub fn relu_grad(inp: &Array2<f64>, out_grad: &Array2<f64>) -> Result<Array2<f64>> {
    if inp.shape() != out_grad.shape() {
        return Err(Error::Shape(format!(
            "relu_grad: input {:?} and output gradient {:?}; expected the same shape",
            inp.shape(),
            out_grad.shape()
        )));
    }
    // out.g · (inp > 0)
    Ok(Zip::from(out_grad)
        .and(inp)
        .map_collect(|&g, &x| if x > 0.0 { g } else { 0.0 }))
}
