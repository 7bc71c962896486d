//! # Exercise 34: the optimiser step
//!
//! After a backward pass every parameter `p` holds its gradient `p.g`. Stochastic gradient
//! descent moves each parameter a little against its gradient: `p = p - lr · p.g`.
//!
//! The layers *add* into their gradients (so a parameter used twice gets both contributions),
//! which means the gradients must be set back to zero after each step; otherwise the next
//! batch's step would also repeat every earlier batch's.
//!
//! Write both for any model that implements the library's `Module` trait, through its
//! `parameters()` (each a `ParamMut` with a `value` and a `grad` view), without
//! `foundations::training::Sgd`.

use foundations::backprop::Module;

/// `p -= lr · p.g` for every parameter of `model`.
pub fn sgd_step(model: &mut dyn Module<f32>, lr: f32) {
    todo!("walk model.parameters()")
}

/// Sets every parameter's gradient to zero.
pub fn zero_grad(model: &mut dyn Module<f32>) {
    todo!("walk model.parameters()")
}
