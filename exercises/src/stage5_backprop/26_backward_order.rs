//! # Exercise 26: forward, then backward in reverse
//!
//! The *forward pass* computes the network's output and loss from the input, layer by layer:
//! `l1 = lin(x, w1, b1)`, `l2 = relu(l1)`, `out = lin(l2, w2, b2)`, `loss = mse(out, y)`.
//! The *backward pass* computes the gradient of the loss with respect to every parameter by the
//! chain rule, starting at the loss and walking back: each step needs the gradient of the step
//! after it, and the activations the forward pass computed there (`relu_grad` needs `l1`, the
//! second layer's `lin_grad` needs `l2`). That is why the forward pass keeps them.
//!
//! Write both passes with the library's building blocks (`lin`, `relu`, `mse`, `mse_grad`,
//! `relu_grad`, `lin_grad`) but not `forward_and_backward`: `forward` stores every
//! intermediate in `Activations`, `backward` uses them in the right order.

use foundations::Result;
use foundations::backprop::{Grads, MlpParams};
use ndarray::{Array1, Array2};

/// Everything the forward pass computed.
#[derive(Clone, Debug, PartialEq)]
pub struct Activations {
    /// `l1 = lin(x, w1, b1)`, `(n, n_hidden)`.
    pub l1: Array2<f64>,
    /// `l2 = relu(l1)`.
    pub l2: Array2<f64>,
    /// `out = lin(l2, w2, b2)`, `(n, 1)`.
    pub out: Array2<f64>,
    /// `loss = mse(out, y)`.
    pub loss: f64,
}

/// The forward pass, keeping every intermediate.
pub fn forward(x: &Array2<f64>, y: &Array1<f64>, params: &MlpParams<f64>) -> Result<Activations> {
    todo!("lin, relu, lin, mse")
}

/// The backward pass through the stored activations: the gradient of the loss with respect to
/// `x` and every parameter.
pub fn backward(
    x: &Array2<f64>,
    y: &Array1<f64>,
    params: &MlpParams<f64>,
    acts: &Activations,
) -> Result<Grads<f64>> {
    todo!("mse_grad, lin_grad, relu_grad, lin_grad: last layer first")
}
