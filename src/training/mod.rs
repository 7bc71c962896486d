//! Stage 7: training — the minibatch loop and the refactors that turn it into a small library.
//!
//! The chapter starts from a bare loop over slices of the training set and then pulls one idea out
//! at a time; each has its place here:
//!
//! | step | item |
//! |---|---|
//! | the basic minibatch loop (bs 64, lr 0.5) | [`fit_basic`] |
//! | all parameters of all layers | [`Module::parameters`](crate::backprop::Module::parameters) |
//! | a model that is a list of layers | [`Sequential`], built by [`mlp`] |
//! | the optimizer | [`Sgd`] (`step`, `zero_grad`) |
//! | a dataset and its batches | [`Dataset`], [`Batch`] |
//! | batches in (optionally shuffled) order | [`DataLoader`] |
//! | validation and the epoch loop | [`Learner::evaluate`], [`Learner::fit`], [`EpochStats`] |
//! | looking inside the model | [`Hook`], [`ActivationStats`] |
//!
//! Every layer is a [`Module`](crate::backprop::Module) from stage 5; the loss is cross-entropy
//! from stage 6. Layers, `Sequential`, `Sgd` and hooks are generic over the float type (the
//! gradient checks run them in `f64`); the loops that train (`train_step`, `fit_basic`,
//! `Learner`) and `mlp` are `f32`, so they are compiled optimised in this library and a notebook
//! cell that calls them runs optimised code.
//!
//! Fast twin: [`fast::FastMlp`](crate::fast::FastMlp).

mod hooks;
mod learner;
mod loader;
mod sequential;

pub use hooks::{ActivationStats, BatchStats, HIST_BINS, HIST_MAX, Hook, NEAR_ZERO, NoHook};
pub(crate) use learner::check_epoch;
#[cfg(feature = "candle")]
pub(crate) use learner::run_epochs;
pub use learner::{DEFAULT_BATCH_SIZE, DEFAULT_LR, EpochStats, Learner, fit_basic, train_step};
pub use loader::{Batch, DataLoader, Dataset};
pub use sequential::{Sequential, Sgd, mlp};
