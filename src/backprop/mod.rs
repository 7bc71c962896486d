//! Stage 5: the forward and backward passes written by hand.
//!
//! The chapter builds backpropagation in three steps, and so does this module:
//!
//! 1. [`functional`]: plain functions over explicit tensors. [`lin`], [`relu`]
//!    and [`mse`] make the forward pass of a 784-50-1 network ([`model`]); [`mse_grad`],
//!    [`relu_grad`] and [`lin_grad`] are their chain-rule steps, and [`forward_and_backward`]
//!    runs both passes and returns the gradient of every parameter and of the input.
//!    [`mse_broadcast_trap`] shows the `(n, 1) - (n,)` mistake the chapter warns about.
//! 2. [`weight_grad`]: the weight gradient `w.g = Σ_b x[b]ᵀ g[b]` three ways — an outer-product
//!    sum by broadcasting, an einsum, and a transposed matmul — which all agree.
//! 3. [`layers`]: the same maths as layers. The chapter first writes classes with `__call__` and
//!    `backward`, then moves the bookkeeping into a `Module` base class. In Rust both steps are one
//!    trait, [`Module`]: `forward` keeps what the backward pass needs, `backward` stores the
//!    parameter gradients and returns the input gradient. [`Lin`] and [`Relu`] implement it by
//!    calling the functions of step 1, so the maths exists once; [`Model`] chains them with an
//!    [`Mse`] loss, and stage 7's `Sequential` uses the very same trait.
//!    [`refactor_timing`] times one forward and backward pass in each of these shapes, as the
//!    chapter does, to see what each refactor costs.
//!
//! Fast twin: [`fast::FusedForwardBackward`](crate::fast::FusedForwardBackward).
//!
//! [`gradcheck`] compares any hand-written gradient with central finite differences in `f64`
//! and prints a small table, one row per tensor.

pub mod functional;
pub mod gradcheck;
pub mod layers;
pub mod refactor_timing;
pub mod weight_grad;

pub use functional::{
    Grads, LinGrads, MlpParams, forward_and_backward, lin, lin_grad, model, mse,
    mse_broadcast_trap, mse_grad, relu, relu_grad,
};
pub use gradcheck::{GradCheck, GradCheckRow, GradReport, check_forward_and_backward};
pub use layers::{Lin, Model, Module, Mse, Param, ParamMut, Relu};
pub use refactor_timing::{RefactorTimings, time_refactors};
pub use weight_grad::{weight_grad_einsum, weight_grad_matmul, weight_grad_outer};
