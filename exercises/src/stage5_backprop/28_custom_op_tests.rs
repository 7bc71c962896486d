//! Tests for exercise 28. Run them with `cargo run -p exercises -- run custom_op`.

use foundations::Error;
use foundations::backprop::{GradCheck, Module};
use foundations::init::{randn, rng};
use ndarray::{ArrayD, Ix2, array};

use super::custom_op::Sigmoid;

#[test]
fn forward_squashes_into_zero_one() {
    let mut sigmoid = Sigmoid::new();
    let out = sigmoid.forward(array![[0.0, 2.0, -2.0]]).unwrap();
    assert!((out[[0, 0]] - 0.5).abs() < 1e-15);
    assert!((out[[0, 1]] - 1.0 / (1.0 + (-2.0f64).exp())).abs() < 1e-15);
    assert!((out[[0, 1]] + out[[0, 2]] - 1.0).abs() < 1e-15); // σ(x) + σ(-x) = 1
}

#[test]
fn backward_uses_the_saved_output() {
    let mut sigmoid = Sigmoid::new();
    sigmoid.forward(array![[0.0, 1.0]]).unwrap();
    let grad = sigmoid.backward(&array![[2.0, 1.0]]).unwrap();
    let s1 = 1.0 / (1.0 + (-1.0f64).exp());
    assert!((grad[[0, 0]] - 2.0 * 0.25).abs() < 1e-15); // σ'(0) = 1/4
    assert!((grad[[0, 1]] - s1 * (1.0 - s1)).abs() < 1e-15);
}

#[test]
fn gradients_match_finite_differences() {
    let mut r = rng(33);
    let x = randn::<f64>(&mut r, 5, 4);
    let weights = randn::<f64>(&mut r, 5, 4); // loss = Σ σ(x) ⊙ weights, so out.g = weights
    let mut sigmoid = Sigmoid::new();
    sigmoid.forward(x.clone()).unwrap();
    let analytic = sigmoid.backward(&weights).unwrap();
    let loss = |v: &[ArrayD<f64>]| {
        let x = v[0]
            .clone()
            .into_dimensionality::<Ix2>()
            .map_err(|e| Error::Shape(e.to_string()))?;
        Ok((Sigmoid::new().forward(x)? * &weights).sum())
    };
    let report = GradCheck::default()
        .run(&["x"], &mut [x.into_dyn()], &[analytic.into_dyn()], loss)
        .unwrap();
    assert!(report.all_approx(), "{report}");
}

#[test]
fn misuse_is_an_error_not_a_panic() {
    let mut fresh = Sigmoid::new();
    assert!(matches!(
        fresh.backward(&array![[1.0]]),
        Err(Error::Invalid(_))
    ));
    let mut used = Sigmoid::new();
    used.forward(array![[1.0, 2.0]]).unwrap();
    assert!(matches!(
        used.backward(&array![[1.0]]),
        Err(Error::Shape(_))
    ));
}
