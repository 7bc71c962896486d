//! # Exercise 29: a linear layer from scratch (worked solution)
//!
//! The layer owns its parameters, their gradients and the one activation its backward pass
//! needs. `backward` adds into the gradients instead of overwriting them, so a layer used twice
//! in one forward pass (or several batches before a step) gets the sum, as in PyTorch.

use foundations::{Error, Result};
use ndarray::{Array1, Array2, Axis};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

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
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let bound = 1.0 / (n_in as f64).sqrt(); // 1 / sqrt(fan_in)
        let mut draw = || rng.random_range(-bound..bound);
        let weight = Array2::from_shape_simple_fn((n_in, n_out), &mut draw);
        let bias = Array1::from_shape_simple_fn(n_out, &mut draw);
        Linear {
            weight_grad: Array2::zeros((n_in, n_out)),
            bias_grad: Array1::zeros(n_out),
            weight,
            bias,
            input: None,
        }
    }

    /// `out = x · w + b`, keeping `x`.
    pub fn forward(&mut self, x: Array2<f64>) -> Result<Array2<f64>> {
        if x.ncols() != self.weight.nrows() {
            return Err(Error::Shape(format!(
                "Linear::forward: input {:?} for weights {:?}; expected {} columns",
                x.shape(),
                self.weight.shape(),
                self.weight.nrows()
            )));
        }
        let out = x.dot(&self.weight) + &self.bias; // x·w + b
        self.input = Some(x);
        Ok(out)
    }

    /// Adds `xᵀ · out.g` and `Σ_rows out.g` to the gradients; returns `out.g · wᵀ`.
    pub fn backward(&mut self, out_grad: &Array2<f64>) -> Result<Array2<f64>> {
        let x = self
            .input
            .as_ref()
            .ok_or_else(|| Error::Invalid("Linear::backward: called before forward".to_string()))?;
        if out_grad.dim() != (x.nrows(), self.weight.ncols()) {
            return Err(Error::Shape(format!(
                "Linear::backward: output gradient {:?}; expected ({}, {})",
                out_grad.shape(),
                x.nrows(),
                self.weight.ncols()
            )));
        }
        self.weight_grad += &x.t().dot(out_grad); // w.g += xᵀ · out.g
        self.bias_grad += &out_grad.sum_axis(Axis(0)); // b.g += Σ_rows out.g
        Ok(out_grad.dot(&self.weight.t())) // x.g = out.g · wᵀ
    }

    /// One gradient descent step: `p -= lr · p.g` for the weights and the biases.
    pub fn step(&mut self, lr: f64) {
        self.weight.scaled_add(-lr, &self.weight_grad);
        self.bias.scaled_add(-lr, &self.bias_grad);
    }

    /// Sets both gradients to zero.
    pub fn zero_grad(&mut self) {
        self.weight_grad.fill(0.0);
        self.bias_grad.fill(0.0);
    }
}
