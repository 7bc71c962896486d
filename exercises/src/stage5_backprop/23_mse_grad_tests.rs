//! Tests for exercise 23. Run them with `cargo run -p exercises -- run mse_grad`.

use foundations::backprop::{mse, mse_grad as reference};
use foundations::init::{randn, rng};
use foundations::tensor::test_close;
use ndarray::{Array1, Array2, Axis, array};

use super::mse_grad::mse_grad;

#[test]
fn by_hand() {
    let pred = array![[1.0], [2.0], [4.0]];
    let target = array![1.0, 1.0, 1.0];
    // 2 · (0, 1, 3) / 3
    let expected = array![[0.0], [2.0 / 3.0], [2.0]];
    test_close(&mse_grad(&pred, &target).unwrap(), &expected, 1e-12).unwrap();
}

#[test]
fn matches_the_library() {
    let mut r = rng(23);
    let pred = randn::<f64>(&mut r, 32, 1);
    let target: Array1<f64> = randn::<f64>(&mut r, 1, 32).remove_axis(Axis(0));
    test_close(
        &mse_grad(&pred, &target).unwrap(),
        &reference(&pred, &target).unwrap(),
        1e-12,
    )
    .unwrap();
}

#[test]
fn matches_finite_differences_of_the_loss() {
    let mut r = rng(24);
    let pred = randn::<f64>(&mut r, 5, 1);
    let target: Array1<f64> = randn::<f64>(&mut r, 1, 5).remove_axis(Axis(0));
    let grad = mse_grad(&pred, &target).unwrap();
    let h = 1e-6;
    for i in 0..5 {
        let mut up: Array2<f64> = pred.clone();
        up[[i, 0]] += h;
        let mut down = pred.clone();
        down[[i, 0]] -= h;
        let numeric = (mse(&up, &target).unwrap() - mse(&down, &target).unwrap()) / (2.0 * h);
        assert!((grad[[i, 0]] - numeric).abs() < 1e-7, "row {i}");
    }
}

#[test]
fn shapes_are_checked() {
    assert!(mse_grad(&array![[1.0, 2.0]], &array![1.0]).is_err());
    assert!(mse_grad(&array![[1.0], [2.0]], &array![1.0]).is_err());
}
