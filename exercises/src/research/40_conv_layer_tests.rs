//! Tests for exercise 40. Run them with `cargo run -p exercises -- run conv_layer`.

use foundations::backprop::Module;
use foundations::init::{randn, rng};
use foundations::tensor::test_near;
use ndarray::{Array2, Array4, array};

use super::conv_layer::{Conv2d, fold};
use super::unfold::{conv2d, unfold};

/// A seeded random `(a, b, c, d)` array.
fn random4(shape: (usize, usize, usize, usize), seed: u64) -> Array4<f32> {
    let n = shape.0 * shape.1 * shape.2 * shape.3;
    randn::<f32>(&mut rng(seed), 1, n)
        .into_shape_with_order(shape)
        .unwrap()
}

#[test]
fn fold_is_the_adjoint_of_unfold() {
    // <unfold(x), c> = <x, fold(c)> for every x and c: that is what "unfold run backwards" means.
    let x = random4((2, 3, 6, 5), 54);
    for (k, s, p) in [(3, 1, 1), (2, 2, 0), (3, 2, 1)] {
        let cols = unfold(&x, k, s, p).unwrap();
        let c = randn::<f32>(&mut rng(55), cols.nrows(), cols.ncols());
        let left = (&cols * &c).sum();
        let right = (&x * &fold(&c, x.dim(), k, s, p).unwrap()).sum();
        assert!(
            (left - right).abs() < 1e-3 * left.abs().max(1.0),
            "k{k} s{s} p{p}: {left} vs {right}"
        );
    }
}

#[test]
fn fold_adds_up_overlapping_windows() {
    let ones = Array4::<f32>::ones((1, 1, 4, 4));
    let counts = fold(&unfold(&ones, 3, 1, 1).unwrap(), (1, 1, 4, 4), 3, 1, 1).unwrap();
    // how many 3×3 windows (padding 1) cover each pixel of a 4×4 image
    let expected = array![
        [4.0f32, 6.0, 6.0, 4.0],
        [6.0, 9.0, 9.0, 6.0],
        [6.0, 9.0, 9.0, 6.0],
        [4.0, 6.0, 6.0, 4.0]
    ];
    assert_eq!(
        counts
            .index_axis(ndarray::Axis(0), 0)
            .index_axis(ndarray::Axis(0), 0),
        expected
    );
    // non-overlapping windows put every pixel back exactly once
    let x = random4((2, 2, 4, 6), 56);
    assert_eq!(
        fold(&unfold(&x, 2, 2, 0).unwrap(), x.dim(), 2, 2, 0).unwrap(),
        x
    );
    assert!(fold(&Array2::zeros((3, 3)), (1, 1, 4, 4), 2, 2, 0).is_err());
}

#[test]
fn new_layers_have_kaiming_weights_and_zero_biases() {
    let layer = Conv2d::new((8, 14, 14), 16, 3, 2, 1, 57).unwrap();
    assert_eq!(layer.weight.value.dim(), (16, 8, 3, 3));
    assert_eq!(layer.output_size, (16, 7, 7));
    assert!(layer.bias.value.iter().all(|b| *b == 0.0));
    let std = layer.weight.value.std(0.0);
    let expected = (2.0f32 / 72.0).sqrt();
    assert!(
        (std - expected).abs() < 0.1 * expected,
        "{std} vs {expected}"
    );
    assert!(Conv2d::new((1, 3, 3), 4, 7, 1, 1, 0).is_err());
}

#[test]
fn forward_is_conv2d_on_flattened_images() {
    let mut layer = Conv2d::new((2, 7, 6), 3, 3, 2, 1, 58).unwrap();
    layer.bias.value = array![0.5, -1.0, 2.0];
    let images = random4((4, 2, 7, 6), 59);
    let rows = images
        .clone()
        .into_shape_with_order((4, 2 * 7 * 6))
        .unwrap();
    let out = layer.forward(rows).unwrap();
    let expected = conv2d(&images, &layer.weight.value, &layer.bias.value, 2, 1).unwrap();
    assert_eq!(out.dim(), (4, 3 * 4 * 3));
    test_near(&out, &expected.into_shape_with_order((4, 36)).unwrap()).unwrap();
}

/// `Σ layer(x) ⊙ r` for the layer's current parameters: a loss whose output gradient is `r`.
fn weighted_output(layer: &Conv2d, x: &Array2<f32>, r: &Array2<f32>) -> f32 {
    let mut copy = layer.clone();
    (copy.forward(x.clone()).unwrap() * r).sum()
}

#[test]
fn backward_matches_finite_differences() {
    let mut layer = Conv2d::new((2, 5, 5), 3, 3, 2, 1, 60).unwrap();
    layer.bias.value = array![0.1, -0.2, 0.3];
    let x = randn::<f32>(&mut rng(61), 2, 50);
    let r = randn::<f32>(&mut rng(62), 2, 3 * 3 * 3);
    layer.forward(x.clone()).unwrap();
    let x_grad = layer.backward(&r).unwrap();
    // The loss is linear in every parameter, so central differences are exact up to rounding.
    let h = 0.5f32;
    let close =
        |analytic: f32, numeric: f32| (analytic - numeric).abs() <= 1e-2 * analytic.abs().max(1.0);
    for index in [[0, 0, 0, 0], [1, 1, 2, 1], [2, 1, 1, 2], [0, 1, 2, 2]] {
        let (mut up, mut down) = (layer.clone(), layer.clone());
        up.weight.value[index] += h;
        down.weight.value[index] -= h;
        let numeric = (weighted_output(&up, &x, &r) - weighted_output(&down, &x, &r)) / (2.0 * h);
        let analytic = layer.weight.grad[index];
        assert!(
            close(analytic, numeric),
            "weight {index:?}: {analytic} vs {numeric}"
        );
    }
    for o in 0..3 {
        let (mut up, mut down) = (layer.clone(), layer.clone());
        up.bias.value[o] += h;
        down.bias.value[o] -= h;
        let numeric = (weighted_output(&up, &x, &r) - weighted_output(&down, &x, &r)) / (2.0 * h);
        assert!(close(layer.bias.grad[o], numeric), "bias {o}");
    }
    for index in [[0, 0], [0, 12], [1, 24], [1, 49]] {
        let (mut up, mut down) = (x.clone(), x.clone());
        up[index] += h;
        down[index] -= h;
        let numeric =
            (weighted_output(&layer, &up, &r) - weighted_output(&layer, &down, &r)) / (2.0 * h);
        assert!(
            close(x_grad[index], numeric),
            "input {index:?}: {} vs {numeric}",
            x_grad[index]
        );
    }
}

#[test]
fn misuse_is_an_error_and_gradients_accumulate() {
    let mut layer = Conv2d::new((1, 4, 4), 2, 2, 2, 0, 63).unwrap();
    assert!(layer.backward(&Array2::zeros((1, 8))).is_err());
    assert!(layer.forward(Array2::zeros((1, 15))).is_err());
    layer.forward(Array2::ones((1, 16))).unwrap();
    assert!(layer.backward(&Array2::zeros((1, 7))).is_err());
    layer.backward(&Array2::ones((1, 8))).unwrap();
    let once = layer.weight.grad.clone();
    layer.backward(&Array2::ones((1, 8))).unwrap();
    assert_eq!(layer.weight.grad, &once * 2.0);
    assert_eq!(layer.parameters().len(), 2);
}
