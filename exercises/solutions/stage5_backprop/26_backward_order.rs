//! # Exercise 26: forward, then backward in reverse (worked solution)
//!
//! Reading `backward` bottom to top retraces `forward` top to bottom: every gradient is
//! computed from the one before it and from an activation `forward` kept.

use foundations::Result;
use foundations::backprop::relu;
use foundations::backprop::{Grads, MlpParams, lin, lin_grad, mse, mse_grad, relu_grad};
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
    let l1 = lin(x, &params.w1, &params.b1)?;
    let l2 = relu(&l1);
    let out = lin(&l2, &params.w2, &params.b2)?;
    let loss = mse(&out, y)?;
    Ok(Activations { l1, l2, out, loss })
}

/// The backward pass through the stored activations: the gradient of the loss with respect to
/// `x` and every parameter.
pub fn backward(
    x: &Array2<f64>,
    y: &Array1<f64>,
    params: &MlpParams<f64>,
    acts: &Activations,
) -> Result<Grads<f64>> {
    let out_grad = mse_grad(&acts.out, y)?; // ∂loss/∂out
    let second = lin_grad(&acts.l2, &params.w2, &out_grad)?; // needs l2; gives ∂loss/∂l2
    let l1_grad = relu_grad(&acts.l1, &second.input)?; // needs l1 and ∂loss/∂l2
    let first = lin_grad(x, &params.w1, &l1_grad)?; // needs x and ∂loss/∂l1
    Ok(Grads {
        x: first.input,
        w1: first.w,
        b1: first.b,
        w2: second.w,
        b2: second.b,
    })
}
