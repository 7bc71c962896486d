//! ReLU as a custom candle operation with its own backward pass: the chapter's further-research
//! item, where PyTorch's `autograd.Function` becomes candle's [`CustomOp1`] trait.
//!
//! `cpu_fwd` receives the raw storage and its layout (strides, offset), computes the output and
//! returns it with its shape; `bwd` receives the input, the output and `out.g` and returns `inp.g`.
//! candle calls `bwd` during `loss.backward()` exactly where it would have called its own ReLU's.

use candle_core::backend::BackendStorage;
use candle_core::cpu_backend::unary_map;
use candle_core::{CpuStorage, CustomOp1, Layout, Shape, Tensor};

use super::candle_error;
use crate::error::Result;

/// `relu(x) = max(x, 0)` as a candle custom op whose backward is [`ReluSlope`].
#[derive(Clone, Copy, Debug, Default)]
pub struct CustomRelu;

/// The slope of ReLU, `1 if x > 0 else 0`, as a custom op (no backward: it is only used inside
/// [`CustomRelu`]'s). At `x = 0` the slope is 0, like the library's
/// [`relu_grad`](crate::backprop::relu_grad); candle's built-in `relu` uses 1 there.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReluSlope;

/// Applies `f` to every element of an `f32` or `f64` storage, honouring its layout; other
/// dtypes are an error naming the op.
fn map_float(
    op: &'static str,
    storage: &CpuStorage,
    layout: &Layout,
    f32_fn: fn(f32) -> f32,
    f64_fn: fn(f64) -> f64,
) -> candle_core::Result<(CpuStorage, Shape)> {
    let out = match storage {
        CpuStorage::F32(values) => CpuStorage::F32(unary_map(values, layout, f32_fn)),
        CpuStorage::F64(values) => CpuStorage::F64(unary_map(values, layout, f64_fn)),
        other => candle_core::bail!("{op}: dtype {:?}; expected f32 or f64", other.dtype()),
    };
    Ok((out, layout.shape().clone()))
}

impl CustomOp1 for CustomRelu {
    fn name(&self) -> &'static str {
        "custom-relu"
    }

    /// `out = max(x, 0)` element by element.
    fn cpu_fwd(
        &self,
        storage: &CpuStorage,
        layout: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        map_float(self.name(), storage, layout, |x| x.max(0.0), |x| x.max(0.0))
    }

    /// `inp.g = out.g * (inp > 0)`.
    fn bwd(
        &self,
        inp: &Tensor,
        _out: &Tensor,
        out_grad: &Tensor,
    ) -> candle_core::Result<Option<Tensor>> {
        let slope = inp.apply_op1_no_bwd(&ReluSlope)?;
        Ok(Some(out_grad.mul(&slope)?)) // out.g * (inp > 0)
    }
}

impl CustomOp1 for ReluSlope {
    fn name(&self) -> &'static str {
        "relu-slope"
    }

    /// `slope = 1 if x > 0 else 0`.
    fn cpu_fwd(
        &self,
        storage: &CpuStorage,
        layout: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        map_float(
            self.name(),
            storage,
            layout,
            |x| if x > 0.0 { 1.0 } else { 0.0 },
            |x| if x > 0.0 { 1.0 } else { 0.0 },
        )
    }
}

/// `relu(x)` through [`CustomRelu`], so that `backward` goes through its `bwd`.
pub fn relu_custom(x: &Tensor) -> Result<Tensor> {
    x.apply_op1(CustomRelu)
        .map_err(candle_error("applying the custom ReLU"))
}
