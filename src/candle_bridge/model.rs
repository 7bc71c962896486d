//! The chapter's `Lin → ReLU → Lin` network written with candle-nn, and its training loop.

use candle_core::{D, DType, Device, Tensor};
use candle_nn::{Init, Linear, Module, Optimizer, SGD, VarBuilder, VarMap};
use ndarray::{Array1, Array2};

use super::{
    array1_from_tensor, array2_from_tensor, candle_error, labels_tensor, tensor_from_array1,
    tensor_from_array2,
};
use crate::backprop::MlpParams;
use crate::error::{Error, Result};
use crate::training::{DataLoader, EpochStats, run_epochs};

/// Which ReLU the candle model applies between its two layers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReluKind {
    /// candle's own `Tensor::relu`, differentiated by candle.
    Builtin,
    /// [`CustomRelu`](super::CustomRelu), with the backward pass we wrote.
    Custom,
}

/// `lin2(relu(lin1(x)))` with candle-nn `Linear` layers, the counterpart of
/// [`mlp`](crate::training::mlp)`(&[n_in, n_hidden, n_out], _)`. Its four parameters live in the
/// `VarMap` it was built from, under `lin1.weight`, `lin1.bias`, `lin2.weight`, `lin2.bias`;
/// each weight is stored `(fan_out, fan_in)`, candle-nn's layout.
#[derive(Clone, Debug)]
pub struct CandleMlp {
    /// The first layer, weight `(n_hidden, n_in)`.
    pub lin1: Linear,
    /// The second layer, weight `(n_out, n_hidden)`.
    pub lin2: Linear,
    /// The nonlinearity between them.
    pub relu: ReluKind,
}

/// A `Linear` layer's weight and bias as ours: `w = weightᵀ`, `(fan_in, fan_out)`, and `b`.
fn our_layout(layer: &Linear) -> Result<(Array2<f32>, Array1<f32>)> {
    let bias = layer
        .bias()
        .ok_or_else(|| Error::Invalid("a candle Linear layer without a bias".to_string()))?;
    Ok((
        array2_from_tensor(layer.weight())?.reversed_axes(),
        array1_from_tensor(bias)?,
    ))
}

impl CandleMlp {
    /// The two layers as candle-nn builds them: `candle_nn::linear(n_in, n_out, vb.pp(name))` asks
    /// the `VarMap` behind `vb` for `name.weight` `(n_out, n_in)` and `name.bias` `(n_out,)`.
    fn from_var_builder(vb: &VarBuilder, sizes: [usize; 3], relu: ReluKind) -> Result<Self> {
        let [n_in, n_hidden, n_out] = sizes;
        let lin1 = candle_nn::linear(n_in, n_hidden, vb.pp("lin1"));
        let lin2 = candle_nn::linear(n_hidden, n_out, vb.pp("lin2"));
        Ok(CandleMlp {
            lin1: lin1.map_err(candle_error("building lin1 from the VarMap"))?,
            lin2: lin2.map_err(candle_error("building lin2 from the VarMap"))?,
            relu,
        })
    }

    /// A new `VarMap` holding a copy of `params`, and the model built on it. Every weight goes
    /// in transposed, `weight = wᵀ`, because candle-nn computes `x·weightᵀ + b` where we compute
    /// `x·w + b`. Fails if the shapes of `params` do not chain.
    pub fn from_params(params: &MlpParams<f32>, relu: ReluKind) -> Result<(VarMap, Self)> {
        let values = [
            ("lin1.weight", tensor_from_array2(&params.w1.t())?), // wᵀ: (n_hidden, n_in)
            ("lin1.bias", tensor_from_array1(&params.b1)?),
            ("lin2.weight", tensor_from_array2(&params.w2.t())?), // wᵀ: (n_out, n_hidden)
            ("lin2.bias", tensor_from_array1(&params.b2)?),
        ];
        let mut varmap = VarMap::new();
        for (name, value) in &values {
            varmap
                .get(
                    value.shape(),
                    name,
                    Init::Const(0.0),
                    DType::F32,
                    &Device::Cpu,
                )
                .and_then(|_| varmap.set_one(name, value)) // create the Var, then fill it
                .map_err(candle_error("copying our parameters into a VarMap"))?;
        }
        let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
        let sizes = [params.w1.nrows(), params.w1.ncols(), params.w2.ncols()];
        let model = CandleMlp::from_var_builder(&vb, sizes, relu)?;
        Ok((varmap, model))
    }

    /// The current parameters in our layout, `w = weightᵀ`, so both libraries can be compared.
    pub fn params(&self) -> Result<MlpParams<f32>> {
        let (w1, b1) = our_layout(&self.lin1)?;
        let (w2, b2) = our_layout(&self.lin2)?;
        Ok(MlpParams { w1, b1, w2, b2 })
    }

    /// The model's output for `x: (n, n_in)`, `lin2(relu(lin1(x)))`, with candle errors as ours.
    pub fn logits(&self, x: &Tensor) -> Result<Tensor> {
        self.forward(x)
            .map_err(candle_error("running the candle model"))
    }
}

impl Module for CandleMlp {
    /// `lin2(relu(lin1(x)))`, each `lin(x) = x·weightᵀ + bias`.
    fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        let hidden = self.lin1.forward(x)?;
        let hidden = match self.relu {
            ReluKind::Builtin => hidden.relu()?,
            ReluKind::Custom => hidden.apply_op1(super::CustomRelu)?,
        };
        self.lin2.forward(&hidden)
    }
}

/// One batch as candle tensors: inputs `(n, n_in)` and `u32` labels.
fn batch_tensors(x: &Array2<f32>, y: &[usize]) -> Result<(Tensor, Tensor)> {
    Ok((tensor_from_array2(x)?, labels_tensor(y)?))
}

/// Cross-entropy (`candle_nn::loss::cross_entropy`) and the number of correct predictions,
/// `Σ (argmax(logits) == y)`, both as `f64`.
fn loss_and_correct(logits: &Tensor, y: &Tensor) -> candle_core::Result<(f64, f64)> {
    let loss = candle_nn::loss::cross_entropy(logits, y)?;
    let predicted = logits.argmax(D::Minus1)?;
    let correct = predicted.eq(y)?.to_dtype(DType::F32)?.sum_all()?;
    Ok((
        f64::from(loss.to_scalar::<f32>()?),
        f64::from(correct.to_scalar::<f32>()?),
    ))
}

/// Mean validation loss and accuracy of `model` over `valid`'s batches, each weighted by its
/// size: `Σ_b v_b · n_b / Σ_b n_b`, as [`Learner::evaluate`](crate::training::Learner::evaluate).
pub fn evaluate_candle(model: &CandleMlp, valid: &mut DataLoader<f32>) -> Result<(f64, f64)> {
    let (mut loss_sum, mut correct, mut count) = (0.0, 0.0, 0usize);
    for batch in valid.batches() {
        let (x, y) = batch_tensors(&batch.x, &batch.y)?;
        let (loss, right) = loss_and_correct(&model.logits(&x)?, &y)
            .map_err(candle_error("evaluating the candle model"))?;
        loss_sum += loss * batch.y.len() as f64; // loss_b · n_b
        correct += right;
        count += batch.y.len();
    }
    Ok((loss_sum / count as f64, correct / count as f64))
}

/// One epoch of candle-nn SGD over `train`'s batches: `loss = cross_entropy(model(x), y)`,
/// `opt.backward_step(loss)` (autograd, then `p ← p - lr · p.g` for every `Var`). Returns the
/// mean loss weighted by batch size and every batch's loss, as
/// [`Learner::train_epoch`](crate::training::Learner::train_epoch) does.
fn train_epoch(
    model: &CandleMlp,
    opt: &mut SGD,
    train: &mut DataLoader<f32>,
) -> Result<(f64, Vec<f64>)> {
    let (mut total, mut count) = (0.0, 0usize);
    let mut batch_losses = Vec::with_capacity(train.len());
    for batch in train.batches() {
        let (x, y) = batch_tensors(&batch.x, &batch.y)?;
        let loss = candle_nn::loss::cross_entropy(&model.logits(&x)?, &y)
            .map_err(candle_error("computing the training loss"))?;
        opt.backward_step(&loss)
            .map_err(candle_error("the SGD step"))?;
        let loss = loss
            .to_scalar::<f32>()
            .map_err(candle_error("reading the loss"))?;
        total += f64::from(loss) * batch.y.len() as f64;
        count += batch.y.len();
        batch_losses.push(f64::from(loss));
    }
    Ok((total / count as f64, batch_losses))
}

/// The training loop of [`Learner::fit`](crate::training::Learner::fit) in candle: for each
/// epoch, one pass of candle-nn's `SGD` (learning rate `lr`) over every `Var` in `varmap` on
/// `train`'s batches, then [`evaluate_candle`] on `valid`. Given loaders built like the
/// learner's (same dataset, batch size and shuffle seed) it sees the same batches in the same
/// order. Every epoch's statistics go to `progress` and all are returned.
pub fn train_candle(
    model: &CandleMlp,
    varmap: &VarMap,
    train: &mut DataLoader<f32>,
    valid: &mut DataLoader<f32>,
    epochs: usize,
    lr: f32,
    mut progress: impl FnMut(&EpochStats),
) -> Result<Vec<EpochStats>> {
    if train.is_empty() || valid.is_empty() {
        return Err(Error::Invalid(
            "train_candle: empty training or validation set; expected samples in both".to_string(),
        ));
    }
    let mut opt =
        SGD::new(varmap.all_vars(), f64::from(lr)).map_err(candle_error("creating SGD"))?;
    run_epochs(epochs, &mut progress, || {
        Ok((
            train_epoch(model, &mut opt, train)?,
            evaluate_candle(model, valid)?,
        ))
    })
}
