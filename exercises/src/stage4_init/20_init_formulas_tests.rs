//! Tests for exercise 20. Run them with `cargo run -p exercises -- run init_formulas`.

use foundations::backprop::relu;
use foundations::init::{LayerStats, WeightScale, kaiming_normal, randn, rng};
use foundations::tensor::test_close;
use ndarray::Array2;

use super::init_formulas::{kaiming_weights, linear_std, relu_std};

#[test]
fn the_formulas_match_the_library() {
    for fan_in in [1, 50, 784] {
        let linear = WeightScale::InvSqrtFanIn.factor(fan_in, 10);
        let kaiming = WeightScale::Kaiming.factor(fan_in, 10);
        assert!((linear_std(fan_in) - linear).abs() < 1e-12);
        assert!((relu_std(fan_in) - kaiming).abs() < 1e-12);
    }
    assert!((relu_std(2) - 1.0).abs() < 1e-12);
}

#[test]
fn kaiming_weights_match_the_library_draws() {
    let yours = kaiming_weights(&mut rng(20), 784, 50);
    let reference: Array2<f32> = kaiming_normal(&mut rng(20), 784, 50, 0.0);
    assert_eq!(yours.dim(), (784, 50));
    test_close(&yours, &reference, 1e-6).unwrap();
}

/// The mean square `Σx² / n` of every element.
fn mean_square(x: &Array2<f32>) -> f32 {
    x.mapv(|v| v * v).mean().unwrap_or(f32::NAN)
}

#[test]
fn linear_std_keeps_ten_linear_layers_at_std_1() {
    let mut r = rng(21);
    let mut x = randn::<f32>(&mut r, 256, 200);
    for layer in 0..10 {
        let w = randn::<f32>(&mut r, 200, 200) * linear_std(200) as f32;
        x = x.dot(&w);
        let std = LayerStats::of(&x).std;
        assert!((0.7..1.4).contains(&std), "layer {layer}: std {std}");
    }
}

#[test]
fn relu_std_keeps_the_mean_square_after_relu_at_1() {
    let mut r = rng(22);
    let x0 = randn::<f32>(&mut r, 256, 200);
    let (mut kaiming, mut plain) = (x0.clone(), x0);
    for layer in 0..10 {
        kaiming = relu(&kaiming.dot(&kaiming_weights(&mut r, 200, 200)));
        let w = randn::<f32>(&mut r, 200, 200) * linear_std(200) as f32;
        plain = relu(&plain.dot(&w));
        let ms = mean_square(&kaiming);
        assert!((0.6..1.6).contains(&ms), "layer {layer}: mean square {ms}");
    }
    // Without the factor 2, the mean square halves at every layer: about 1/2¹⁰ after ten.
    assert!(mean_square(&plain) < 0.01, "{}", mean_square(&plain));
}
