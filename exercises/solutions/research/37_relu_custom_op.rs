//! # Exercise 37: ReLU as a custom operation, used in training (worked solution)
//!
//! The operation keeps its input, as a `torch.autograd.Function` would `save_for_backward` it.
//! Because `Sequential` holds `Box<dyn Module<f32>>`, any layer of ours can replace a library
//! layer in place, and the training code never notices.

use foundations::backprop::Module;
use foundations::training::{Sequential, mlp};
use foundations::{Error, Result};
use ndarray::{Array2, Zip};

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
        let out = input.mapv(|x| if x > 0.0 { x } else { 0.0 }); // max(x, 0)
        self.input = Some(input);
        Ok(out)
    }

    /// `inp.g = out.g · (inp > 0)`.
    fn backward(&mut self, out_grad: &Array2<f32>) -> Result<Array2<f32>> {
        let input = self
            .input
            .as_ref()
            .ok_or_else(|| Error::Invalid("MyRelu: backward called before forward".to_string()))?;
        if input.shape() != out_grad.shape() {
            return Err(Error::Shape(format!(
                "MyRelu: input {:?} but output gradient {:?}; expected the same shape",
                input.shape(),
                out_grad.shape()
            )));
        }
        Ok(Zip::from(out_grad)
            .and(input)
            .map_collect(|&g, &x| if x > 0.0 { g } else { 0.0 })) // slope 1 or 0
    }
}

/// The library's `mlp(sizes, seed)` with every `Relu` replaced by `MyRelu`.
pub fn mlp_with_my_relu(sizes: &[usize], seed: u64) -> Result<Sequential<f32>> {
    let mut model = mlp(sizes, seed)?; // Lin, Relu, Lin, Relu, …, Lin
    for layer in model.layers.iter_mut().skip(1).step_by(2) {
        *layer = Box::new(MyRelu::new());
    }
    Ok(model)
}
