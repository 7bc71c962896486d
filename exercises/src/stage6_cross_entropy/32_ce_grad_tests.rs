//! Tests for exercise 32. Run them with `cargo run -p exercises -- run ce_grad`.

use foundations::cross_entropy::{
    cross_entropy, cross_entropy_grad as reference, softmax as reference_softmax,
};
use foundations::init::{randn, rng};
use foundations::tensor::test_close;
use ndarray::{Array1, Array2, Axis, array};

use super::ce_grad::{cross_entropy_grad, softmax};

#[test]
fn softmax_by_hand_and_for_huge_logits() {
    let p = softmax(&array![[0.0, 0.0], [1000.0, 1000.0 + 2f64.ln()]]);
    test_close(&p, &array![[0.5, 0.5], [1.0 / 3.0, 2.0 / 3.0]], 1e-12).unwrap();
}

#[test]
fn matches_the_library() {
    let x = randn::<f64>(&mut rng(39), 16, 10) * 4.0;
    let targets: Vec<usize> = (0..16).map(|i| (3 * i + 1) % 10).collect();
    test_close(&softmax(&x), &reference_softmax(&x), 1e-12).unwrap();
    test_close(
        &cross_entropy_grad(&x, &targets).unwrap(),
        &reference(&x, &targets).unwrap(),
        1e-12,
    )
    .unwrap();
}

#[test]
fn matches_finite_differences_of_the_loss() {
    let x = randn::<f64>(&mut rng(40), 3, 4);
    let targets = [1, 3, 0];
    let grad = cross_entropy_grad(&x, &targets).unwrap();
    let h = 1e-6;
    for ((i, j), g) in grad.indexed_iter() {
        let (mut up, mut down): (Array2<f64>, Array2<f64>) = (x.clone(), x.clone());
        up[[i, j]] += h;
        down[[i, j]] -= h;
        let numeric = (cross_entropy(&up, &targets).unwrap()
            - cross_entropy(&down, &targets).unwrap())
            / (2.0 * h);
        assert!((g - numeric).abs() < 1e-8, "({i}, {j}): {g} vs {numeric}");
    }
}

#[test]
fn each_row_of_the_gradient_sums_to_zero() {
    let x = randn::<f64>(&mut rng(41), 5, 10);
    let grad = cross_entropy_grad(&x, &[0, 9, 4, 4, 2]).unwrap();
    test_close(&grad.sum_axis(Axis(1)), &Array1::zeros(5), 1e-12).unwrap();
}

#[test]
fn bad_targets_are_errors() {
    let x = Array2::<f64>::zeros((2, 3));
    assert!(cross_entropy_grad(&x, &[0]).is_err());
    assert!(cross_entropy_grad(&x, &[0, 3]).is_err());
}
