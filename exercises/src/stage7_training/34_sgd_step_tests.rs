//! Tests for exercise 34. Run them with `cargo run -p exercises -- run sgd_step`.

use foundations::backprop::Module;
use foundations::cross_entropy::cross_entropy_grad;
use foundations::init::{randn, rng};
use foundations::training::{Sequential, Sgd, mlp};
use ndarray::{Array2, ArrayD};

use super::sgd_step::{sgd_step, zero_grad};

/// A small model after one forward and backward pass on random data.
fn model_with_gradients(seed: u64) -> Sequential<f32> {
    let mut model = mlp(&[20, 8, 4], seed).unwrap();
    let x = randn::<f32>(&mut rng(seed + 100), 16, 20);
    let targets: Vec<usize> = (0..16).map(|i| i % 4).collect();
    let logits: Array2<f32> = model.forward(x).unwrap();
    model
        .backward(&cross_entropy_grad(&logits, &targets).unwrap())
        .unwrap();
    model
}

fn values(model: &mut Sequential<f32>) -> Vec<ArrayD<f32>> {
    model
        .parameters()
        .iter()
        .map(|p| p.value.to_owned())
        .collect()
}

fn grads(model: &mut Sequential<f32>) -> Vec<ArrayD<f32>> {
    model
        .parameters()
        .iter()
        .map(|p| p.grad.to_owned())
        .collect()
}

#[test]
fn a_step_matches_the_library_optimiser() {
    let (mut yours, mut reference) = (model_with_gradients(43), model_with_gradients(43));
    let before = values(&mut yours);
    sgd_step(&mut yours, 0.1);
    Sgd::new(0.1f32).step(&mut reference);
    let after = values(&mut yours);
    assert_eq!(after, values(&mut reference));
    assert_ne!(after, before, "the parameters should have moved");
}

#[test]
fn a_step_moves_against_the_gradient() {
    let mut model = model_with_gradients(44);
    let (before, g) = (values(&mut model), grads(&mut model));
    sgd_step(&mut model, 0.5);
    for ((new, old), g) in values(&mut model).iter().zip(&before).zip(&g) {
        let expected = old - &(g * 0.5f32);
        assert!(new.iter().zip(&expected).all(|(a, b)| (a - b).abs() < 1e-6));
    }
}

#[test]
fn zero_grad_clears_every_gradient_and_nothing_else() {
    let mut model = model_with_gradients(45);
    let before = values(&mut model);
    assert!(
        grads(&mut model)
            .iter()
            .any(|g| g.iter().any(|v| *v != 0.0))
    );
    zero_grad(&mut model);
    assert!(
        grads(&mut model)
            .iter()
            .all(|g| g.iter().all(|v| *v == 0.0))
    );
    assert_eq!(values(&mut model), before);
    // with zero gradients a step changes nothing
    sgd_step(&mut model, 1.0);
    assert_eq!(values(&mut model), before);
}
