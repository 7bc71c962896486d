//! # foundations — deep learning from the foundations, in Rust
//!
//! The crate follows the chapter stage by stage; each module builds on the ones before it:
//!
//! | stage | module | what it adds |
//! |---|---|---|
//! | data | [`data`] | reading MNIST from the classic `mnist.pkl.gz` layout, safely |
//! | 1 | [`matmul_loops`] | matrix multiply with plain loops |
//! | 2 | [`broadcast`] | broadcasting rules, stride-0 views, the broadcast matmul |
//! | 3 | [`einsum`] | Einstein summation over ndarray |
//! | 4 | [`init`] | seeded random weights, Xavier and Kaiming init, the deep-stack experiment |
//! | 5 | [`backprop`] | forward and backward passes by hand, layers as structs, gradient checks |
//! | — | [`symbolic`] | the chain-rule sidebar: symbolic derivatives printed as text and LaTeX |
//! | 6 | [`cross_entropy`] | softmax, log-softmax, logsumexp, negative log likelihood, accuracy |
//! | 7 | [`training`] | the minibatch loop, optimizer, data loaders and hooks |
//! | — | [`plot`] | figures of activation statistics, weights and digits for notebooks and the book |
//!
//! [`tensor`] holds the helpers every stage uses (printing, closeness checks, timing) and
//! [`prelude`] brings everything a notebook needs into scope with one `use`.

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
pub mod matmul_loops;
pub mod plot;
pub mod prelude;
pub mod symbolic;
pub mod tensor;
pub mod training;

pub use error::{Error, Result};
