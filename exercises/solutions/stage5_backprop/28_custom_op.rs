//! # Exercise 28: a custom autograd-style operation (worked solution)
//!
//! Saving the output rather than the input means `backward` does no `exp` at all:
//! `σ'(x) = σ(x)(1 - σ(x))` is written in terms of what `forward` already produced.

use foundations::backprop::Module;
use foundations::{Error, Result};
use ndarray::{Array2, Zip};

/// The sigmoid as a layer: `out = 1 / (1 + exp(-inp))`.
#[derive(Clone, Debug, Default)]
pub struct Sigmoid {
    /// The output of the last forward pass, kept for `backward`.
    output: Option<Array2<f64>>,
}

impl Sigmoid {
    /// A sigmoid layer that has not run yet.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Module<f64> for Sigmoid {
    fn name(&self) -> String {
        "Sigmoid".to_string()
    }

    /// `out = σ(inp)`, keeping `out`.
    fn forward(&mut self, input: Array2<f64>) -> Result<Array2<f64>> {
        let out = input.mapv(|x| 1.0 / (1.0 + (-x).exp())); // σ(x)
        self.output = Some(out.clone());
        Ok(out)
    }

    /// `inp.g = out.g · out · (1 - out)`.
    fn backward(&mut self, out_grad: &Array2<f64>) -> Result<Array2<f64>> {
        let out = self
            .output
            .as_ref()
            .ok_or_else(|| Error::Invalid("Sigmoid: backward called before forward".to_string()))?;
        if out.shape() != out_grad.shape() {
            return Err(Error::Shape(format!(
                "Sigmoid: output {:?} but output gradient {:?}; expected the same shape",
                out.shape(),
                out_grad.shape()
            )));
        }
        Ok(Zip::from(out_grad)
            .and(out)
            .map_collect(|&g, &s| g * s * (1.0 - s))) // out.g · σ(1 - σ)
    }
}
