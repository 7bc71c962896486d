//! # Exercise 37: ReLU as a custom operation, used in training
//!
//! PyTorch's further-research question: implement ReLU as a `torch.autograd.Function` and train
//! a model with it. Here that means a struct implementing the library's `Module` trait, written
//! without `foundations::backprop::relu`, `foundations::backprop::relu_grad` or the library's `Relu`:
//!
//! * `forward` keeps its input and returns `max(x, 0)` element by element;
//! * `backward` returns `out.g` where the kept input was positive and 0 elsewhere (an error
//!   before any forward pass, or for a gradient of the wrong shape).
//!
//! Then `mlp_with_my_relu`: the library's `mlp(sizes, seed)` builds
//! `Lin → Relu → … → Lin` as a `Sequential` whose `layers` are public; replace every `Relu` in
//! it by your `MyRelu` (they sit at the odd positions). The tests train it next to the
//! library's own model and expect the very same numbers.

use foundations::Result;
use foundations::backprop::Module;
use foundations::training::Sequential;
use ndarray::Array2;

/// ReLU as a custom operation: `out = max(inp, 0)`.
#[derive(Clone, Debug, Default)]
pub struct MyRelu {
    /// The input of the last forward pass.
    input: Option<Array2<f32>>,
}

impl MyRelu {
    /// A ReLU that has not run yet.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Module<f32> for MyRelu {
    fn name(&self) -> String {
        "MyRelu".to_string()
    }

    /// `out = max(inp, 0)`, keeping `inp`.
    fn forward(&mut self, input: Array2<f32>) -> Result<Array2<f32>> {
        todo!("clamp at 0 and keep the input")
    }

    /// `inp.g = out.g · (inp > 0)`.
    fn backward(&mut self, out_grad: &Array2<f32>) -> Result<Array2<f32>> {
        todo!("pass the gradient where the kept input was positive")
    }
}

/// The library's `mlp(sizes, seed)` with every `Relu` replaced by `MyRelu`.
pub fn mlp_with_my_relu(sizes: &[usize], seed: u64) -> Result<Sequential<f32>> {
    todo!("build the library mlp, swap the layers at odd positions")
}
