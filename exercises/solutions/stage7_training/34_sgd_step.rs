//! # Exercise 34: the optimiser step (worked solution)
//!
//! `parameters()` hands out mutable views into the layers, so the update happens in place.
//! `scaled_add(-lr, grad)` is `value += (-lr) · grad` without a temporary array.

use foundations::backprop::Module;

/// `p -= lr · p.g` for every parameter of `model`.
pub fn sgd_step(model: &mut dyn Module<f32>, lr: f32) {
    for mut p in model.parameters() {
        p.value.scaled_add(-lr, &p.grad); // p = p - lr · p.g
    }
}

/// Sets every parameter's gradient to zero.
pub fn zero_grad(model: &mut dyn Module<f32>) {
    for mut p in model.parameters() {
        p.grad.fill(0.0);
    }
}
