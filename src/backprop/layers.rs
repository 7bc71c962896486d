//! The chapter's refactor into layers, as one Rust trait.
//!
//! In the notebook a layer first becomes a class whose `__call__` saves its input and output and
//! whose `backward` sets `.g` on its tensors; then a `Module` base class takes over the saving so
//! each layer only writes `forward` and `bwd`. [`Module`] is that base class: `forward` takes the
//! input by value and keeps what `backward` will need (no copy), `backward` receives `out.g`,
//! adds the parameter gradients into each [`Param`]'s `grad`, and returns `inp.g`.
//! The maths stays in [`functional`](super::functional): the layers only call it.

use std::any::Any;

use ndarray::{Array, Array1, Array2, ArrayViewMutD, Dimension, Ix1, Ix2};

use super::functional::{MlpParams, lin, lin_grad, mse, mse_grad, relu, relu_grad};
use crate::error::{Error, Result, shape_error};
use crate::tensor::Float;

/// A trainable tensor and its gradient: the chapter's `w` and `w.g`.
#[derive(Clone, Debug, PartialEq)]
pub struct Param<A, D: Dimension> {
    /// The current value.
    pub value: Array<A, D>,
    /// `∂loss/∂value`, summed over every backward pass since it was last zeroed.
    pub grad: Array<A, D>,
}

impl<A: Float, D: Dimension> Param<A, D> {
    /// A parameter with the given value and a zero gradient of the same shape.
    pub fn new(value: Array<A, D>) -> Self {
        let grad = Array::zeros(value.raw_dim());
        Param { value, grad }
    }

    /// Borrows the value and gradient together, shape-erased, for an optimizer.
    pub fn view_mut(&mut self, name: &'static str) -> ParamMut<'_, A> {
        ParamMut {
            name,
            value: self.value.view_mut().into_dyn(),
            grad: self.grad.view_mut().into_dyn(),
        }
    }
}

/// One parameter as an optimizer sees it: a name, the value to update and its gradient.
#[derive(Debug)]
pub struct ParamMut<'a, A> {
    /// Which tensor of its layer this is, e.g. `"weight"`.
    pub name: &'static str,
    /// The value, writable.
    pub value: ArrayViewMutD<'a, A>,
    /// The gradient, writable so it can be zeroed.
    pub grad: ArrayViewMutD<'a, A>,
}

/// A layer that can run forwards and then backwards: the chapter's `Module` with `__call__`
/// and `bwd`. (`Any` lets code ask what concrete layer a `dyn Module` is, as
/// [`Sequential::mlp_params`](crate::training::Sequential::mlp_params) does.)
// ANCHOR: module_trait
pub trait Module<A: Float>: Any {
    /// A short description for tables and errors, e.g. `Lin(784, 50)`.
    fn name(&self) -> String;

    /// Computes the output from `input`, keeping whatever the backward pass will need.
    fn forward(&mut self, input: Array2<A>) -> Result<Array2<A>>;

    /// Given `out.g = ∂loss/∂output` for the last forward pass, adds the gradient of every
    /// parameter into its `grad` and returns `inp.g = ∂loss/∂input`.
    /// Fails if `forward` has not run yet or `out_grad` has the wrong shape.
    fn backward(&mut self, out_grad: &Array2<A>) -> Result<Array2<A>>;

    /// The layer's trainable tensors (none by default).
    fn parameters(&mut self) -> Vec<ParamMut<'_, A>> {
        Vec::new()
    }
}
// ANCHOR_END: module_trait

/// The error for a backward pass that has no forward pass to go back through.
fn no_forward(layer: &str) -> Error {
    Error::Invalid(format!(
        "{layer}: backward called before forward; expected a forward pass first"
    ))
}

// ANCHOR: lin_layer
/// A linear layer `out = inp·w + b` holding its weight `(n_in, n_out)` and bias `(n_out,)`.
#[derive(Clone, Debug)]
pub struct Lin<A: Float> {
    /// `w`, shape `(n_in, n_out)`.
    pub weight: Param<A, Ix2>,
    /// `b`, shape `(n_out,)`.
    pub bias: Param<A, Ix1>,
    input: Option<Array2<A>>,
}

impl<A: Float> Module<A> for Lin<A> {
    fn name(&self) -> String {
        format!(
            "Lin({}, {})",
            self.weight.value.nrows(),
            self.weight.value.ncols()
        )
    }

    /// `out = lin(inp, w, b) = inp·w + b`; keeps `inp` for `w.g`.
    fn forward(&mut self, input: Array2<A>) -> Result<Array2<A>> {
        let out = lin(&input, &self.weight.value, &self.bias.value)?;
        self.input = Some(input);
        Ok(out)
    }

    /// `w.g += inpᵀ·out.g`, `b.g += Σ_rows out.g`, returns `inp.g = out.g·wᵀ` (see [`lin_grad`]).
    fn backward(&mut self, out_grad: &Array2<A>) -> Result<Array2<A>> {
        let input = self.input.as_ref().ok_or_else(|| no_forward("Lin"))?;
        let grads = lin_grad(input, &self.weight.value, out_grad)?;
        self.weight.grad += &grads.w;
        self.bias.grad += &grads.b;
        Ok(grads.input)
    }

    fn parameters(&mut self) -> Vec<ParamMut<'_, A>> {
        vec![self.weight.view_mut("weight"), self.bias.view_mut("bias")]
    }
}
// ANCHOR_END: lin_layer

impl<A: Float> Lin<A> {
    /// A layer with the given weight and bias; fails unless `bias.len() == weight.ncols()`.
    pub fn new(weight: Array2<A>, bias: Array1<A>) -> Result<Self> {
        if bias.len() != weight.ncols() {
            return Err(shape_error(
                "Lin::new",
                weight.shape(),
                bias.shape(),
                "weight: (n_in, n_out) and bias: (n_out,)",
            ));
        }
        Ok(Lin {
            weight: Param::new(weight),
            bias: Param::new(bias),
            input: None,
        })
    }
}

// ANCHOR: relu_layer
/// The ReLU layer, `out = max(inp, 0)`; it has no parameters.
#[derive(Clone, Debug, Default)]
pub struct Relu<A: Float> {
    input: Option<Array2<A>>,
}

impl<A: Float> Module<A> for Relu<A> {
    fn name(&self) -> String {
        "Relu".to_string()
    }

    /// `out = relu(inp)`; keeps `inp` to know where the slope is 1.
    fn forward(&mut self, input: Array2<A>) -> Result<Array2<A>> {
        let out = relu(&input);
        self.input = Some(input);
        Ok(out)
    }

    /// `inp.g = out.g * (inp > 0)` (see [`relu_grad`]).
    fn backward(&mut self, out_grad: &Array2<A>) -> Result<Array2<A>> {
        let input = self.input.as_ref().ok_or_else(|| no_forward("Relu"))?;
        relu_grad(input, out_grad)
    }
}
// ANCHOR_END: relu_layer

impl<A: Float> Relu<A> {
    /// A ReLU layer.
    pub fn new() -> Self {
        Relu { input: None }
    }
}

// ANCHOR: mse_layer
/// The MSE loss as a layer: `forward` keeps the prediction and target, `backward` returns
/// `∂mse/∂pred`. A loss ends the chain (it returns a number, not an array), so it is not a
/// [`Module`].
#[derive(Clone, Debug, Default)]
pub struct Mse<A: Float> {
    saved: Option<(Array2<A>, Array1<A>)>,
}

impl<A: Float> Mse<A> {
    /// An MSE loss.
    pub fn new() -> Self {
        Mse { saved: None }
    }

    /// `loss = mse(pred, target) = mean_i (pred[i, 0] - target[i])²`.
    pub fn forward(&mut self, pred: Array2<A>, target: &Array1<A>) -> Result<A> {
        let loss = mse(&pred, target)?;
        self.saved = Some((pred, target.clone()));
        Ok(loss)
    }

    /// `pred.g = 2 (pred[:, 0] - target)[:, None] / n` (see [`mse_grad`]).
    pub fn backward(&self) -> Result<Array2<A>> {
        let (pred, target) = self.saved.as_ref().ok_or_else(|| no_forward("Mse"))?;
        mse_grad(pred, target)
    }
}
// ANCHOR_END: mse_layer

/// The chapter's `Model`: `Lin → Relu → Lin` followed by an MSE loss.
#[derive(Clone, Debug)]
pub struct Model<A: Float> {
    /// The first linear layer, `(n_in, n_hidden)`.
    pub lin1: Lin<A>,
    /// The nonlinearity between them.
    pub relu: Relu<A>,
    /// The second linear layer, `(n_hidden, n_out)`.
    pub lin2: Lin<A>,
    /// The loss.
    pub loss: Mse<A>,
}

impl<A: Float> Model<A> {
    /// The model built from explicit parameters (fails if their shapes do not chain).
    pub fn new(params: MlpParams<A>) -> Result<Self> {
        Ok(Model {
            lin1: Lin::new(params.w1, params.b1)?,
            relu: Relu::new(),
            lin2: Lin::new(params.w2, params.b2)?,
            loss: Mse::new(),
        })
    }

    /// The forward pass through every layer and the loss: `mse(lin2(relu(lin1(x))), target)`.
    pub fn forward(&mut self, x: Array2<A>, target: &Array1<A>) -> Result<A> {
        let hidden = self.relu.forward(self.lin1.forward(x)?)?;
        let pred = self.lin2.forward(hidden)?;
        self.loss.forward(pred, target)
    }

    /// The backward pass, loss first and then the layers in reverse; every parameter's `grad`
    /// receives its gradient and the input gradient is returned.
    pub fn backward(&mut self) -> Result<Array2<A>> {
        let pred_grad = self.loss.backward()?;
        let hidden_grad = self.lin2.backward(&pred_grad)?;
        let l1_grad = self.relu.backward(&hidden_grad)?;
        self.lin1.backward(&l1_grad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn backward_before_forward_is_an_error() {
        let mut lin = Lin::new(array![[1.0f64]], array![0.0]).unwrap();
        assert!(lin.backward(&array![[1.0]]).is_err());
        assert!(Relu::<f64>::new().backward(&array![[1.0]]).is_err());
        assert!(Mse::<f64>::new().backward().is_err());
        assert!(Lin::new(array![[1.0f64, 2.0]], array![0.0]).is_err());
    }

    #[test]
    fn lin_gradients_accumulate_until_zeroed() {
        let mut lin = Lin::new(array![[2.0f64], [3.0]], array![1.0]).unwrap();
        let out = lin.forward(array![[1.0, 1.0]]).unwrap();
        assert_eq!(out, array![[6.0]]);
        lin.backward(&array![[1.0]]).unwrap();
        lin.backward(&array![[1.0]]).unwrap();
        assert_eq!(lin.weight.grad, array![[2.0], [2.0]]);
        assert_eq!(lin.bias.grad, array![2.0]);
        assert_eq!(lin.parameters().len(), 2);
        assert_eq!(lin.name(), "Lin(2, 1)");
    }
}
