//! # Exercise 29: a linear layer from scratch
//!
//! Everything a linear layer (PyTorch's `nn.Linear`) does, in one struct and with nothing from
//! `foundations::backprop` or `foundations::init`:
//!
//! * `new`: weights `(n_in, n_out)` and biases `(n_out,)` drawn uniformly from
//!   `[-1/sqrt(n_in), 1/sqrt(n_in))`, PyTorch's default, from a generator seeded with `seed`
//!   (`rand::rngs::Xoshiro256PlusPlus::seed_from_u64` and `rand::RngExt::random_range`);
//!   gradients start at zero;
//! * `forward`: `out = x · w + b`, keeping `x` for the backward pass;
//! * `backward`: given `out.g`, **add** `xᵀ · out.g` to the weight gradient and the column sums
//!   of `out.g` to the bias gradient (gradients accumulate until zeroed), and return
//!   `x.g = out.g · wᵀ`;
//! * `step`: `w -= lr · w.g` and `b -= lr · b.g`; `zero_grad` resets both gradients.
//!
//! Wrong shapes and a backward pass before any forward pass are errors, never panics.

use foundations::Result;
use ndarray::{Array1, Array2};

/// A fully connected layer `out = x · w + b` with its gradients.
#[derive(Clone, Debug)]
pub struct Linear {
    /// `w`, shape `(n_in, n_out)`.
    pub weight: Array2<f64>,
    /// `b`, shape `(n_out,)`.
    pub bias: Array1<f64>,
    /// `∂loss/∂w`, summed since the last `zero_grad`.
    pub weight_grad: Array2<f64>,
    /// `∂loss/∂b`, summed since the last `zero_grad`.
    pub bias_grad: Array1<f64>,
    /// The input of the last forward pass.
    input: Option<Array2<f64>>,
}

impl Linear {
    /// A layer with PyTorch's default init, `U[-1/sqrt(n_in), 1/sqrt(n_in))`, seeded.
    pub fn new(n_in: usize, n_out: usize, seed: u64) -> Self {
        todo!("draw the weights and biases, zero the gradients")
    }

    /// `out = x · w + b`, keeping `x`.
    pub fn forward(&mut self, x: Array2<f64>) -> Result<Array2<f64>> {
        todo!("check the shape, compute, keep x")
    }

    /// Adds `xᵀ · out.g` and `Σ_rows out.g` to the gradients; returns `out.g · wᵀ`.
    pub fn backward(&mut self, out_grad: &Array2<f64>) -> Result<Array2<f64>> {
        todo!("the three gradients of a linear layer")
    }

    /// One gradient descent step: `p -= lr · p.g` for the weights and the biases.
    pub fn step(&mut self, lr: f64) {
        todo!("update both parameters")
    }

    /// Sets both gradients to zero.
    pub fn zero_grad(&mut self) {
        todo!("fill with zeros")
    }
}
