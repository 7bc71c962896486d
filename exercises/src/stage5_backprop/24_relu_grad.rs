//! # Exercise 24: the gradient of ReLU
//!
//! `relu(x) = max(x, 0)` is a straight line of slope 1 for positive `x` and a flat line of
//! slope 0 for negative `x` (at exactly 0 we pick 0, as PyTorch does). By the chain rule the
//! gradient flowing into ReLU's input is the gradient at its output times that slope:
//!
//! `inp.g = out.g · (inp > 0)`
//!
//! It needs the *input* of the forward pass, which is why layers keep it. Write it without
//! `foundations::backprop::relu_grad`; `inp` and `out_grad` must have the same shape
//! (`foundations::Error::Shape` otherwise).

use foundations::Result;
use ndarray::Array2;

/// `inp.g[i, j] = out.g[i, j]` where `inp[i, j] > 0`, and 0 elsewhere.
pub fn relu_grad(inp: &Array2<f64>, out_grad: &Array2<f64>) -> Result<Array2<f64>> {
    todo!("pass the gradient where the input was positive, block it elsewhere")
}
