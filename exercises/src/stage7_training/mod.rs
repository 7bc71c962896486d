//! Stage 7: the training loop.
//!
//! The optimiser step and why gradients are zeroed, the sampler that cuts an epoch into
//! (shuffled) minibatches, and the minibatch training loop itself.

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage7_training/34_sgd_step.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "34_sgd_step.rs")]
pub mod sgd_step;
#[path = "34_sgd_step_tests.rs"]
mod sgd_step_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage7_training/35_batches.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "35_batches.rs")]
pub mod batches;
#[path = "35_batches_tests.rs"]
mod batches_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage7_training/36_training_loop.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "36_training_loop.rs")]
pub mod training_loop;
#[path = "36_training_loop_tests.rs"]
mod training_loop_tests;
