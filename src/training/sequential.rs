//! A model as a list of layers, and the optimizer that updates its parameters.

use std::any::Any;

use ndarray::{Array1, Array2, Axis};

use super::hooks::{Hook, NoHook};
use crate::backprop::{Lin, MlpParams, Module, ParamMut, Relu};
use crate::error::{Error, Result};
use crate::init;
use crate::tensor::Float;

/// Layers applied one after the other: `out = layers[n-1](… layers[0](x))`.
///
/// It is itself a [`Module`]: `backward` runs the layers in reverse and `parameters` gathers the
/// parameters of all layers, the chapter's `Parameters` step.
pub struct Sequential<A: Float> {
    /// The layers, first to last.
    pub layers: Vec<Box<dyn Module<A>>>,
}

impl<A: Float> Sequential<A> {
    /// A model made of `layers`, applied in order.
    pub fn new(layers: Vec<Box<dyn Module<A>>>) -> Self {
        Sequential { layers }
    }

    /// The forward pass, showing each layer's output to `hook` (layer index, output) before it
    /// goes on to the next layer.
    pub fn forward_hooked(
        &mut self,
        input: Array2<A>,
        hook: &mut dyn Hook<A>,
    ) -> Result<Array2<A>> {
        let mut x = input;
        for (index, layer) in self.layers.iter_mut().enumerate() {
            x = layer.forward(x)?;
            hook.after_layer(index, &x);
        }
        Ok(x)
    }
}

impl<A: Float> Sequential<A> {
    /// The two linear layers of a `Lin → Relu → Lin` model, recognised by their types; an
    /// error names any other model.
    pub fn lin_relu_lin(&self) -> Result<[&Lin<A>; 2]> {
        let any = |i: usize| self.layers.get(i).map(|l| l.as_ref() as &dyn Any);
        let lin = |i| any(i).and_then(|l| l.downcast_ref::<Lin<A>>());
        let relu = any(1).and_then(|l| l.downcast_ref::<Relu<A>>());
        match (lin(0), relu, lin(2)) {
            (Some(first), Some(_), Some(second)) if self.layers.len() == 3 => Ok([first, second]),
            _ => Err(Error::Invalid(format!(
                "{}; expected Lin → Relu → Lin",
                self.name()
            ))),
        }
    }

    /// The weights of a `Lin → Relu → Lin` model as [`MlpParams`] (`w1: (n_in, n_hidden)`, ...).
    pub fn mlp_params(&self) -> Result<MlpParams<A>> {
        let [first, second] = self.lin_relu_lin()?;
        Ok(MlpParams {
            w1: first.weight.value.clone(),
            b1: first.bias.value.clone(),
            w2: second.weight.value.clone(),
            b2: second.bias.value.clone(),
        })
    }

    /// The gradients of those weights, in the same layout.
    pub fn mlp_grads(&self) -> Result<MlpParams<A>> {
        let [first, second] = self.lin_relu_lin()?;
        Ok(MlpParams {
            w1: first.weight.grad.clone(),
            b1: first.bias.grad.clone(),
            w2: second.weight.grad.clone(),
            b2: second.bias.grad.clone(),
        })
    }
}

impl<A: Float> Module<A> for Sequential<A> {
    fn name(&self) -> String {
        let names: Vec<String> = self.layers.iter().map(|l| l.name()).collect();
        format!("Sequential({})", names.join(", "))
    }

    /// `x = layer(x)` for every layer in order.
    fn forward(&mut self, input: Array2<A>) -> Result<Array2<A>> {
        self.forward_hooked(input, &mut NoHook)
    }

    /// `g = layer.backward(g)` for every layer from last to first; returns `∂loss/∂input`.
    fn backward(&mut self, out_grad: &Array2<A>) -> Result<Array2<A>> {
        let mut grad = out_grad.clone();
        for layer in self.layers.iter_mut().rev() {
            grad = layer.backward(&grad)?;
        }
        Ok(grad)
    }

    /// The parameters of every layer, first layer first.
    fn parameters(&mut self) -> Vec<ParamMut<'_, A>> {
        self.layers
            .iter_mut()
            .flat_map(|l| l.parameters())
            .collect()
    }
}

/// A multi-layer perceptron `Lin → Relu → … → Lin` through the given layer sizes, e.g.
/// `[784, 50, 10]`, initialised like PyTorch's `nn.Linear`: weights and biases drawn from
/// `U[-1/sqrt(fan_in), 1/sqrt(fan_in)]`, seeded.
///
/// In `f32`, and built here: the layers' code (reached through the model's `dyn Module`s) is
/// then the optimised code of this library, also when a notebook cell builds the model.
pub fn mlp(sizes: &[usize], seed: u64) -> Result<Sequential<f32>> {
    if sizes.len() < 2 || sizes.contains(&0) {
        return Err(Error::Invalid(format!(
            "mlp: layer sizes {sizes:?}; expected at least two sizes, none of them 0"
        )));
    }
    let mut rng = init::rng(seed);
    let mut layers: Vec<Box<dyn Module<f32>>> = Vec::new();
    for (i, pair) in sizes.windows(2).enumerate() {
        if i > 0 {
            layers.push(Box::new(Relu::new()));
        }
        let (fan_in, fan_out) = (pair[0], pair[1]);
        let bound = 1.0 / (fan_in as f64).sqrt(); // 1 / sqrt(fan_in)
        let weight = init::uniform(&mut rng, fan_in, fan_out, -bound, bound);
        let bias: Array1<f32> =
            init::uniform(&mut rng, 1, fan_out, -bound, bound).remove_axis(Axis(0));
        layers.push(Box::new(Lin::new(weight, bias)?));
    }
    Ok(Sequential::new(layers))
}

// ANCHOR: sgd
/// Stochastic gradient descent: `p = p - lr · p.g` for every parameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sgd<A> {
    /// The learning rate.
    pub lr: A,
}

impl<A: Float> Sgd<A> {
    /// An optimizer with learning rate `lr`.
    pub fn new(lr: A) -> Self {
        Sgd { lr }
    }

    /// One update of every parameter of `model`: `p -= lr · p.g`.
    pub fn step(&self, model: &mut dyn Module<A>) {
        for mut p in model.parameters() {
            p.value.scaled_add(-self.lr, &p.grad); // p - lr · p.g
        }
    }

    /// Sets every gradient to zero. Layers add into their gradients, so without this each step
    /// would also apply the gradients of all earlier batches.
    pub fn zero_grad(&self, model: &mut dyn Module<A>) {
        for mut p in model.parameters() {
            p.grad.fill(A::zero());
        }
    }
}
// ANCHOR_END: sgd
