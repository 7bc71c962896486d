//! Everything that exists only for speed, walled off from the readable stages.
//!
//! Each item here is the fast twin of a readable one, computes the same numbers (its tests run
//! both and compare), and is `f32` only:
//!
//! | fast | readable twin | how it is faster |
//! |---|---|---|
//! | [`kernels`]: [`dot_rows`](kernels::dot_rows), [`weighted_row_sums`](kernels::weighted_row_sums) (dense, or skipping zero coefficients) | `x.dot(&w)` (ndarray) | SIMD kernels (AVX-512 or AVX2 + FMA) for the MLP's skinny products, chosen at run time |
//! | [`FusedForwardBackward`] | [`backprop::forward_and_backward`](crate::backprop::forward_and_backward) (MSE) | blocks of 64 rows, one pass over `x`, no temporaries, zeros of the ReLU skipped |
//! | [`FastMlp`] | [`training::fit_basic`](crate::training::fit_basic) / [`Learner`](crate::training::Learner) on `mlp(&[n_in, h, n_out])` | the SGD step folded into the gradient products, no allocation per batch |
//!
//! Both networks are thin heads on one shared `Lin → Relu → Lin` workspace (`two_layer.rs`):
//! its forward pass, its backward pass to the hidden layer and its parameter gradients are
//! written once; a head adds its loss and says where the gradients go.
//!
//! **Soundness.** The SIMD code is reachable only through an [`Engine`], an opaque value that can
//! be the AVX-512 (or AVX2) engine only after the CPU was found to have `avx512f` (or `avx2` and
//! `fma`). Every `unsafe` block states why a safe caller cannot break it.

pub mod kernels;
mod mlp;
mod mse;
mod two_layer;

pub use kernels::Engine;
pub use mlp::FastMlp;
pub use mse::{BLOCK_ROWS, FusedForwardBackward};

use ndarray::{Array1, Array2, s};

/// Zeros of `shape` whose first element starts a 64-byte cache line. With 784 columns (49 lines)
/// every row then does, and the kernels write `x.g`, 157 MB that the fused pass never reads back,
/// with streaming stores that skip the cache (measured: 35% less time per block).
pub(crate) fn cache_aligned_zeros((rows, cols): (usize, usize)) -> Array2<f32> {
    const FLOATS_PER_LINE: usize = 16;
    let len = rows * cols;
    let buffer = vec![0.0f32; len + FLOATS_PER_LINE - 1];
    let skip = buffer.as_ptr().align_offset(64).min(FLOATS_PER_LINE - 1);
    let aligned = Array1::from_vec(buffer).slice_move(s![skip..skip + len]);
    aligned
        .into_shape_with_order((rows, cols))
        .unwrap_or_else(|_| Array2::zeros((rows, cols))) // never taken: len = rows·cols
}
