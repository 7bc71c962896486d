//! Tests for exercise 26. Run them with `cargo run -p exercises -- run backward_order`.

use foundations::backprop::{MlpParams, forward_and_backward, model, mse};
use foundations::init::{randn, rng};
use foundations::tensor::test_close;
use ndarray::{Array1, Array2, Axis};

use super::backward_order::{backward, forward};

/// A random 20-sample problem for a 10-8-1 network with non-zero biases.
fn problem(seed: u64) -> (Array2<f64>, Array1<f64>, MlpParams<f64>) {
    let mut r = rng(seed);
    let x = randn::<f64>(&mut r, 20, 10);
    let y = randn::<f64>(&mut r, 1, 20).remove_axis(Axis(0));
    let mut params = MlpParams::init(10, 8, 1, seed + 1);
    params.b1 = randn::<f64>(&mut r, 1, 8).remove_axis(Axis(0)) * 0.1;
    params.b2 = randn::<f64>(&mut r, 1, 1).remove_axis(Axis(0)) * 0.1;
    (x, y, params)
}

#[test]
fn forward_keeps_every_intermediate() {
    let (x, y, params) = problem(30);
    let acts = forward(&x, &y, &params).unwrap();
    assert_eq!(acts.l1.dim(), (20, 8));
    assert_eq!(acts.l2, acts.l1.mapv(|v| v.max(0.0)));
    test_close(&acts.out, &model(&x, &params).unwrap(), 1e-12).unwrap();
    assert!((acts.loss - mse(&acts.out, &y).unwrap()).abs() < 1e-12);
}

#[test]
fn backward_matches_the_library() {
    let (x, y, params) = problem(31);
    let acts = forward(&x, &y, &params).unwrap();
    let grads = backward(&x, &y, &params, &acts).unwrap();
    let (loss, expected) = forward_and_backward(&x, &y, &params).unwrap();
    assert!((acts.loss - loss).abs() < 1e-12);
    test_close(&grads.x, &expected.x, 1e-10).unwrap();
    test_close(&grads.w1, &expected.w1, 1e-10).unwrap();
    test_close(&grads.b1, &expected.b1, 1e-10).unwrap();
    test_close(&grads.w2, &expected.w2, 1e-10).unwrap();
    test_close(&grads.b2, &expected.b2, 1e-10).unwrap();
}

#[test]
fn shape_errors_come_back_as_errors() {
    let (x, y, params) = problem(32);
    let short_y = y.slice(ndarray::s![..5]).to_owned();
    assert!(forward(&x, &short_y, &params).is_err());
}
