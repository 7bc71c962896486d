//! Going to a real framework: the chapter's model in [candle](https://github.com/huggingface/candle),
//! and our hand-written gradients checked against its autograd (feature `candle`, CPU only).
//!
//! The chapter ends by trading its hand-written layers for PyTorch's `nn.Module`, `nn.Parameter`
//! and a custom `autograd.Function`. Here the framework is candle, and each step has its place:
//!
//! | chapter | here |
//! |---|---|
//! | the same network in the framework | [`CandleMlp`]: two candle-nn `Linear` layers whose parameters live in a `VarMap` |
//! | check our gradients against autograd | [`candle_mse_grads`], [`candle_cross_entropy_grads`] and [`compare_grads`] |
//! | `nn.Parameter` + `optim.SGD` training | [`train_candle`]: candle-nn's `SGD` over the `VarMap`, same batches as [`Learner`](crate::training::Learner) |
//! | ReLU as a custom `autograd.Function` | [`CustomRelu`]: a `CustomOp1` with its own `cpu_fwd` and `bwd` |
//! | side by side, one call each | [`autograd_check`] and [`compare_training`] return tables with timings |
//!
//! **Layouts.** Our weights are `(fan_in, fan_out)` so that a layer is `x·w + b`; candle-nn's
//! `Linear` stores `(fan_out, fan_in)` and computes `x·wᵀ + b`, as PyTorch does. Every crossing
//! between the two transposes explicitly ([`CandleMlp::from_params`] on the way in,
//! [`CandleMlp::grads`] on the way out). Both libraries are row-major.

mod autograd;
mod model;
mod relu_op;
mod report;

use ndarray::{Array1, Array2, ArrayBase, Data, Ix2};

use candle_core::{Device, Tensor};

use crate::error::{Error, Result};

pub use autograd::{
    GradDiff, candle_cross_entropy_grads, candle_mse_grads, compare_grads, our_cross_entropy_grads,
};
pub use model::{CandleMlp, ReluKind, evaluate_candle, train_candle};
pub use relu_op::{CustomRelu, ReluSlope, relu_custom};
pub use report::{
    AutogradCheck, AutogradReport, TrainingComparison, TrainingRun, autograd_check,
    compare_training,
};

/// Turns a candle error into ours, saying what we asked candle to do: `"{doing}: {error}"`.
pub(crate) fn candle_error(doing: &str) -> impl FnOnce(candle_core::Error) -> Error + '_ {
    move |e| Error::Candle(format!("{doing}: {e}"))
}

/// Copies an ndarray matrix (or view, such as a transpose `w.t()`) into a candle tensor of the
/// same shape on the CPU.
pub fn tensor_from_array2<S: Data<Elem = f32>>(a: &ArrayBase<S, Ix2>) -> Result<Tensor> {
    let data: Vec<f32> = a.iter().copied().collect(); // logical (row-major) order, whatever a's strides
    Tensor::from_vec(data, a.dim(), &Device::Cpu)
        .map_err(candle_error("copying a matrix to candle"))
}

/// Copies a vector into a one-dimensional candle tensor on the CPU.
pub fn tensor_from_array1(a: &Array1<f32>) -> Result<Tensor> {
    let data: Vec<f32> = a.iter().copied().collect();
    Tensor::from_vec(data, a.len(), &Device::Cpu)
        .map_err(candle_error("copying a vector to candle"))
}

/// Class labels as the `u32` tensor candle's losses expect; fails for a label above `u32::MAX`.
pub fn labels_tensor(labels: &[usize]) -> Result<Tensor> {
    let data = labels
        .iter()
        .map(|&l| u32::try_from(l))
        .collect::<std::result::Result<Vec<u32>, _>>()
        .map_err(|_| {
            Error::Invalid("labels_tensor: a label above u32::MAX; expected class indices".into())
        })?;
    Tensor::from_vec(data, labels.len(), &Device::Cpu)
        .map_err(candle_error("copying labels to candle"))
}

/// Copies a rank-2 `f32` candle tensor back into an ndarray matrix.
pub fn array2_from_tensor(t: &Tensor) -> Result<Array2<f32>> {
    let (rows, cols) = t
        .dims2()
        .map_err(candle_error("reading a matrix from candle"))?;
    let data = t
        .flatten_all()
        .and_then(|flat| flat.to_vec1::<f32>())
        .map_err(candle_error("reading a matrix from candle"))?;
    Array2::from_shape_vec((rows, cols), data)
        .map_err(|e| Error::Shape(format!("array2_from_tensor: {e}")))
}

/// Copies a rank-1 `f32` candle tensor back into an ndarray vector.
pub fn array1_from_tensor(t: &Tensor) -> Result<Array1<f32>> {
    t.to_vec1::<f32>()
        .map(Array1::from)
        .map_err(candle_error("reading a vector from candle"))
}
