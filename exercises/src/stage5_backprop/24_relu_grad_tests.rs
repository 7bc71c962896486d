//! Tests for exercise 24. Run them with `cargo run -p exercises -- run relu_grad`.

use foundations::backprop::relu;
use foundations::backprop::relu_grad as reference;
use foundations::init::{randn, rng};
use ndarray::{Array2, array};

use super::relu_grad::relu_grad;

#[test]
fn slope_one_for_positive_inputs_zero_otherwise() {
    let inp = array![[-1.0, 0.0, 2.0], [3.0, -0.5, 0.1]];
    let out_grad = array![[5.0, 5.0, 5.0], [-2.0, 7.0, 1.5]];
    assert_eq!(
        relu_grad(&inp, &out_grad).unwrap(),
        array![[0.0, 0.0, 5.0], [-2.0, 0.0, 1.5]]
    );
}

#[test]
fn matches_the_library() {
    let mut r = rng(25);
    let inp = randn::<f64>(&mut r, 16, 50);
    let out_grad = randn::<f64>(&mut r, 16, 50);
    assert_eq!(
        relu_grad(&inp, &out_grad).unwrap(),
        reference(&inp, &out_grad).unwrap()
    );
}

#[test]
fn matches_finite_differences_away_from_zero() {
    // loss = Σ relu(x) · r for fixed r, so ∂loss/∂relu(x) = r.
    let mut rn = rng(26);
    let x = randn::<f64>(&mut rn, 4, 6).mapv(|v| if v.abs() < 0.1 { v + 0.5 } else { v });
    let weights = randn::<f64>(&mut rn, 4, 6);
    let loss = |x: &Array2<f64>| (relu(x) * &weights).sum();
    let grad = relu_grad(&x, &weights).unwrap();
    let h = 1e-6;
    for ((i, j), g) in grad.indexed_iter() {
        let (mut up, mut down) = (x.clone(), x.clone());
        up[[i, j]] += h;
        down[[i, j]] -= h;
        let numeric = (loss(&up) - loss(&down)) / (2.0 * h);
        assert!((g - numeric).abs() < 1e-6, "({i}, {j}): {g} vs {numeric}");
    }
}

#[test]
fn shapes_must_match() {
    assert!(relu_grad(&array![[1.0, 2.0]], &array![[1.0]]).is_err());
}
