//! # foundations — deep learning from the foundations, in Rust
//!
//! The crate follows the chapter stage by stage; each module builds on the ones before it:
//!
//! | stage | module | what it adds |
//! |---|---|---|
//! | data | [`data`] | reading MNIST from the classic `mnist.pkl.gz` layout, safely |
//! | 1 | [`matmul_loops`] | matrix multiply with plain loops |
//! | 1–3 | [`ladder`] | the speed ladder: loop order, iterators, a blocked kernel, the measured peak |
//! | 2 | [`broadcast`] | broadcasting rules, stride-0 views, the broadcast matmul |
//! | 3 | [`einsum`] | Einstein summation over ndarray |
//! | 4 | [`init`] | seeded random weights, Xavier and Kaiming init, the deep-stack experiment |
//! | 5 | [`backprop`] | forward and backward passes by hand, layers as structs, gradient checks |
//! | — | [`symbolic`] | the chain-rule sidebar: symbolic derivatives printed as text and LaTeX |
//! | 6 | [`cross_entropy`] | softmax, log-softmax, logsumexp, negative log likelihood, accuracy |
//! | 7 | [`training`] | the minibatch loop, optimizer, data loaders and hooks |
//! | — | [`plot`] | figures of activation statistics, weights and digits for notebooks and the book |
//! | — | `candle_bridge` | (feature `candle`) the same model in candle: gradients checked against its autograd, training side by side |
//! | — | [`fast`] | speed only, walled off: SIMD kernels (AVX-512, AVX2 + FMA) behind an opaque [`fast::Engine`], the fused MSE pass and [`fast::FastMlp`], each tested equal to its readable twin |
//!
//! [`tensor`] holds the helpers every stage uses (printing, closeness checks, timing),
//! [`listing`] shows the library's own code in notebooks and the book,
//! [`error`] the one [`Error`] type every fallible function returns, and [`prelude`] brings
//! everything a notebook needs into scope with one `use`. `ARCHITECTURE.md` maps the repository.
//!
//! ## The signature rule
//!
//! One rule decides every public signature:
//!
//! - **Element type.** A function whose own work is loops that a notebook times or that train is
//!   `f32` with no type parameter on its body: Rust compiles generic code in the crate that uses
//!   it, so a generic function called from a notebook cell would run at the cell's opt-level 0.
//!   That covers the stage 1–3 products, `einsum`, the three `weight_grad_*`, the training loops
//!   (`train_step`, `fit_basic`, `Learner`, `mlp`) and all of [`fast`]. Everything else is generic
//!   over [`Float`](tensor::Float), so the gradient checks can run it in `f64`.
//! - **Arrays.** Inputs are borrowed, outputs owned. Functions take `&Array2<A>`/`&Array1<A>`,
//!   except where working on views is the point: the stage 1–3 products and `einsum` (the
//!   chapter multiplies slices and transposes), the [`tensor`] helpers and the fast kernels take
//!   any array or view.
//! - **Labels** are `&[usize]` in every argument (datasets store them as `Array1<usize>`; pass
//!   `y.as_slice()` or a `Vec`).
//! - **Losses.** A maths function returns its element type (`mse`, `cross_entropy`: `A`); a
//!   training loop reports a loss as `f64` (`train_step`, `fit_basic`, [`EpochStats`](training::EpochStats),
//!   [`fast::FastMlp`]). Learning rates are `f32`, the type being trained.

pub mod backprop;
pub mod broadcast;
#[cfg(feature = "candle")]
pub mod candle_bridge;
pub mod cross_entropy;
pub mod data;
pub mod einsum;
pub mod error;
pub mod fast;
pub mod init;
pub mod ladder;
pub mod listing;
pub mod matmul_loops;
pub mod plot;
pub mod prelude;
pub mod symbolic;
pub mod tensor;
pub mod training;

pub use error::{Error, Result};
