//! # Exercise 28: a custom autograd-style operation
//!
//! To add a new operation to PyTorch's autograd you write a `torch.autograd.Function` with two
//! methods: `forward` computes the result and saves whatever the gradient will need in a
//! context, and `backward` receives the gradient of the loss with respect to the output and
//! returns it with respect to the input. The library's `Module` trait is the same contract: the
//! struct itself is the context.
//!
//! Implement the sigmoid `σ(x) = 1 / (1 + e^(-x))` this way. Its derivative is
//! `σ'(x) = σ(x) · (1 - σ(x))`, which needs only the *output*: save that in `forward`. Calling
//! `backward` before any `forward` is an error (`foundations::Error::Invalid`), and so is an
//! output gradient whose shape differs from the saved output (`foundations::Error::Shape`).

use foundations::Result;
use foundations::backprop::Module;
use ndarray::Array2;

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
        todo!("compute σ, save the output, return it")
    }

    /// `inp.g = out.g · out · (1 - out)`.
    fn backward(&mut self, out_grad: &Array2<f64>) -> Result<Array2<f64>> {
        todo!("use the saved output")
    }
}
