//! Stage 6: cross-entropy.
//!
//! A numerically stable log-softmax through logsumexp, the negative log likelihood by integer
//! indexing, the gradient of cross-entropy with respect to the logits, and accuracy.

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage6_cross_entropy/30_log_softmax.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "30_log_softmax.rs")]
pub mod log_softmax;
#[path = "30_log_softmax_tests.rs"]
mod log_softmax_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage6_cross_entropy/31_nll.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "31_nll.rs")]
pub mod nll;
#[path = "31_nll_tests.rs"]
mod nll_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage6_cross_entropy/32_ce_grad.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "32_ce_grad.rs")]
pub mod ce_grad;
#[path = "32_ce_grad_tests.rs"]
mod ce_grad_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage6_cross_entropy/33_accuracy.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "33_accuracy.rs")]
pub mod accuracy;
#[path = "33_accuracy_tests.rs"]
mod accuracy_tests;
