//! Our hand-written gradients next to candle's autograd on the same weights and inputs.
//!
//! candle records every operation of the forward pass; `loss.backward()` walks that record
//! backwards and returns a `GradStore` with `∂loss/∂t` for every variable `t`. Making the input a
//! `Var` too gives `∂loss/∂x`, the gradient our `forward_and_backward` also returns.

use candle_core::backprop::GradStore;
use candle_core::{Tensor, Var};
use ndarray::{Array, Array1, Array2, Dimension};

use super::model::{CandleMlp, ReluKind};
use super::{
    array1_from_tensor, array2_from_tensor, candle_error, labels_tensor, tensor_from_array1,
    tensor_from_array2,
};
use crate::backprop::{Grads, Lin, MlpParams, Module, Relu};
use crate::cross_entropy::{cross_entropy, cross_entropy_grad};
use crate::error::{Error, Result, shape_error};
use crate::training::Sequential;

impl CandleMlp {
    /// The gradients autograd stored for `input` and every parameter, in our layout: each weight
    /// gradient comes back transposed, `w.g = (weight.g)ᵀ`, `(fan_in, fan_out)`.
    pub fn grads(&self, store: &GradStore, input: &Tensor) -> Result<Grads<f32>> {
        let get = |t: &Tensor, name: &str| {
            store
                .get(t)
                .ok_or_else(|| Error::Candle(format!("autograd returned no gradient for {name}")))
        };
        let bias = |layer: &candle_nn::Linear, name: &str| match layer.bias() {
            Some(b) => array1_from_tensor(get(b, name)?),
            None => Err(Error::Candle(format!("{name}: the layer has no bias"))),
        };
        let weight = |layer: &candle_nn::Linear, name: &str| {
            Ok(array2_from_tensor(get(layer.weight(), name)?)?.reversed_axes()) // (weight.g)ᵀ
        };
        Ok(Grads {
            x: array2_from_tensor(get(input, "the input")?)?,
            w1: weight(&self.lin1, "lin1.weight")?,
            b1: bias(&self.lin1, "lin1.bias")?,
            w2: weight(&self.lin2, "lin2.weight")?,
            b2: bias(&self.lin2, "lin2.bias")?,
        })
    }
}

/// Runs `loss_of(model(x))` in candle on a copy of `params` and returns the loss and
/// `∂loss/∂(x, w1, b1, w2, b2)` from `loss.backward()`, in our layout.
fn candle_grads(
    x: &Array2<f32>,
    params: &MlpParams<f32>,
    loss_of: impl FnOnce(&Tensor) -> candle_core::Result<Tensor>,
) -> Result<(f32, Grads<f32>)> {
    let (_varmap, model) = CandleMlp::from_params(params, ReluKind::Builtin)?;
    let input =
        Var::from_tensor(&tensor_from_array2(x)?).map_err(candle_error("making x a Var"))?;
    let loss = loss_of(&model.logits(input.as_tensor())?).map_err(candle_error("the loss"))?;
    let store = loss.backward().map_err(candle_error("loss.backward()"))?;
    let value = loss
        .to_scalar::<f32>()
        .map_err(candle_error("reading the loss"))?;
    Ok((value, model.grads(&store, input.as_tensor())?))
}

/// Checks that `x` has one row per target and as many columns as `w1` has rows.
fn check_batch(op: &str, x: &Array2<f32>, targets: usize, params: &MlpParams<f32>) -> Result<()> {
    if x.nrows() != targets || x.ncols() != params.w1.nrows() {
        return Err(Error::Shape(format!(
            "{op}: x {:?}, {targets} targets, w1 {:?}; expected x (n, n_in), n targets, \
             w1 (n_in, n_hidden)",
            x.shape(),
            params.w1.shape()
        )));
    }
    Ok(())
}

/// candle's version of [`forward_and_backward`](crate::backprop::forward_and_backward): the
/// 784-50-1 network with `mse = mean_i (pred[i, 0] - y[i])²`, differentiated by autograd.
/// The prediction is squeezed to `(n,)` before subtracting, as in [`mse`](crate::backprop::mse)
/// (candle refuses `(n, 1) - (n,)` rather than broadcasting it).
pub fn candle_mse_grads(
    x: &Array2<f32>,
    y: &Array1<f32>,
    params: &MlpParams<f32>,
) -> Result<(f32, Grads<f32>)> {
    check_batch("candle_mse_grads", x, y.len(), params)?;
    if params.w2.ncols() != 1 {
        return Err(shape_error(
            "candle_mse_grads",
            params.w2.shape(),
            y.shape(),
            "w2: (n_hidden, 1) for one output per row",
        ));
    }
    let target = tensor_from_array1(y)?;
    candle_grads(x, params, |pred| {
        pred.squeeze(1)?.sub(&target)?.sqr()?.mean_all() // mean (pred[:, 0] - y)²
    })
}

/// candle's gradients for the 784-50-10 network with
/// `cross_entropy = -mean_i log_softmax(logits)[i, y[i]]` (`candle_nn::loss::cross_entropy`).
pub fn candle_cross_entropy_grads(
    x: &Array2<f32>,
    y: &[usize],
    params: &MlpParams<f32>,
) -> Result<(f32, Grads<f32>)> {
    check_batch("candle_cross_entropy_grads", x, y.len(), params)?;
    let target = labels_tensor(y)?;
    candle_grads(x, params, |logits| {
        candle_nn::loss::cross_entropy(logits, &target)
    })
}

/// Our gradients for the same cross-entropy network, through the code training uses: a
/// [`Sequential`] of `Lin → Relu → Lin` runs forward, `cross_entropy_grad` gives
/// `∂loss/∂logits = (softmax - onehot) / n`, and `Sequential::backward` returns `∂loss/∂x` and
/// leaves each parameter's gradient in its `grad`.
pub fn our_cross_entropy_grads(
    x: &Array2<f32>,
    y: &[usize],
    params: &MlpParams<f32>,
) -> Result<(f32, Grads<f32>)> {
    check_batch("our_cross_entropy_grads", x, y.len(), params)?;
    let mut model = Sequential::new(vec![
        Box::new(Lin::new(params.w1.clone(), params.b1.clone())?),
        Box::new(Relu::new()),
        Box::new(Lin::new(params.w2.clone(), params.b2.clone())?),
    ]);
    let logits = model.forward(x.clone())?;
    let loss = cross_entropy(&logits, y)?;
    let x_grad = model.backward(&cross_entropy_grad(&logits, y)?)?;
    let p = model.mlp_grads()?;
    let grads = Grads {
        x: x_grad,
        w1: p.w1,
        b1: p.b1,
        w2: p.w2,
        b2: p.b2,
    };
    Ok((loss, grads))
}

/// How far one of our gradients is from candle's.
#[derive(Clone, Debug, PartialEq)]
pub struct GradDiff {
    /// Which gradient, e.g. `"w1.g"`.
    pub tensor: &'static str,
    /// Its shape.
    pub shape: Vec<usize>,
    /// `max |ours - candle|` over the elements.
    pub max_abs: f64,
    /// `max |ours - candle| / max |candle|`: the error relative to the gradient's scale (0 when
    /// both are all zeros, infinite when only candle's is).
    pub relative: f64,
}

/// The largest of the values, NaN if any is NaN (so a NaN gradient cannot pass a check).
fn max_or_nan(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, |m, v| if v.is_nan() || v > m { v } else { m })
}

/// Compares one gradient, elementwise, with candle's.
fn diff<D: Dimension>(
    tensor: &'static str,
    ours: &Array<f32, D>,
    candle: &Array<f32, D>,
) -> Result<GradDiff> {
    if ours.shape() != candle.shape() {
        return Err(shape_error(
            "compare_grads",
            ours.shape(),
            candle.shape(),
            &format!("{tensor} of the same shape in both"),
        ));
    }
    let gaps = ours
        .iter()
        .zip(candle)
        .map(|(&a, &b)| f64::from(a - b).abs());
    let max_abs = max_or_nan(gaps); // max |ours - candle|
    let scale = max_or_nan(candle.iter().map(|&b| f64::from(b).abs())); // max |candle|
    let relative = match (max_abs, scale) {
        (0.0, _) => 0.0,
        (_, 0.0) => f64::INFINITY,
        _ => max_abs / scale,
    };
    Ok(GradDiff {
        tensor,
        shape: ours.shape().to_vec(),
        max_abs,
        relative,
    })
}

/// One [`GradDiff`] per gradient, in the order `x.g, w1.g, b1.g, w2.g, b2.g`.
pub fn compare_grads(ours: &Grads<f32>, candle: &Grads<f32>) -> Result<Vec<GradDiff>> {
    Ok(vec![
        diff("x.g", &ours.x, &candle.x)?,
        diff("w1.g", &ours.w1, &candle.w1)?,
        diff("b1.g", &ours.b1, &candle.b1)?,
        diff("w2.g", &ours.w2, &candle.w2)?,
        diff("b2.g", &ours.b2, &candle.b2)?,
    ])
}
