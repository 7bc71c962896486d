//! Stage 5: forward and backward passes.
//!
//! `squeeze` and why its argument matters, the chain rule, the gradients of MSE, ReLU and a
//! linear layer, the order of the backward calls, Rust's answer to `__call__`, a custom
//! autograd-style operation, and a linear layer written from scratch.

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage5_backprop/21_squeeze.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "21_squeeze.rs")]
pub mod squeeze;
#[path = "21_squeeze_tests.rs"]
mod squeeze_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage5_backprop/22_chain_rule.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "22_chain_rule.rs")]
pub mod chain_rule;
#[path = "22_chain_rule_tests.rs"]
mod chain_rule_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage5_backprop/23_mse_grad.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "23_mse_grad.rs")]
pub mod mse_grad;
#[path = "23_mse_grad_tests.rs"]
mod mse_grad_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage5_backprop/24_relu_grad.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "24_relu_grad.rs")]
pub mod relu_grad;
#[path = "24_relu_grad_tests.rs"]
mod relu_grad_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage5_backprop/25_lin_grad.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "25_lin_grad.rs")]
pub mod lin_grad;
#[path = "25_lin_grad_tests.rs"]
mod lin_grad_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage5_backprop/26_backward_order.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "26_backward_order.rs")]
pub mod backward_order;
#[path = "26_backward_order_tests.rs"]
mod backward_order_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage5_backprop/27_call_trait.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "27_call_trait.rs")]
pub mod call_trait;
#[path = "27_call_trait_tests.rs"]
mod call_trait_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage5_backprop/28_custom_op.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "28_custom_op.rs")]
pub mod custom_op;
#[path = "28_custom_op_tests.rs"]
mod custom_op_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage5_backprop/29_linear_from_scratch.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "29_linear_from_scratch.rs")]
pub mod linear_from_scratch;
#[path = "29_linear_from_scratch_tests.rs"]
mod linear_from_scratch_tests;
