//! Tests for exercise 29. Run them with `cargo run -p exercises -- run linear_from_scratch`.

use foundations::backprop::GradCheck;
use foundations::init::{randn, rng};
use foundations::{Error, Result};
use ndarray::{Array1, Array2, ArrayD, Axis, Ix1, Ix2, array};

use super::linear_from_scratch::Linear;

#[test]
fn init_is_uniform_within_the_bound_and_seeded() {
    let layer = Linear::new(100, 30, 1);
    let bound = 1.0 / 10.0;
    assert_eq!(layer.weight.dim(), (100, 30));
    assert_eq!(layer.bias.len(), 30);
    assert!(
        layer
            .weight
            .iter()
            .chain(&layer.bias)
            .all(|w| w.abs() <= bound)
    );
    // Uniform on [-b, b) has mean 0 and std b / sqrt(3).
    let std = layer.weight.std(0.0);
    assert!((std - bound / 3f64.sqrt()).abs() < 0.01, "{std}");
    assert!(
        layer
            .weight_grad
            .iter()
            .chain(&layer.bias_grad)
            .all(|g| *g == 0.0)
    );
    assert_eq!(Linear::new(100, 30, 1).weight, layer.weight);
    assert_ne!(Linear::new(100, 30, 2).weight, layer.weight);
}

#[test]
fn forward_is_x_w_plus_b() {
    let mut layer = Linear::new(2, 3, 0);
    layer.weight = array![[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]];
    layer.bias = array![10.0, 20.0, 30.0];
    assert_eq!(
        layer.forward(array![[1.0, 2.0]]).unwrap(),
        array![[11.0, 22.0, 33.0]]
    );
    assert!(matches!(
        layer.forward(array![[1.0, 2.0, 3.0]]),
        Err(Error::Shape(_))
    ));
}

/// `Σ out ⊙ r` for a layer with the given parameters: a loss whose output gradient is `r`.
fn weighted_output(v: &[ArrayD<f64>], r: &Array2<f64>) -> Result<f64> {
    let to_err = |e: ndarray::ShapeError| Error::Shape(e.to_string());
    let x = v[0].clone().into_dimensionality::<Ix2>().map_err(to_err)?;
    let w = v[1].clone().into_dimensionality::<Ix2>().map_err(to_err)?;
    let b = v[2].clone().into_dimensionality::<Ix1>().map_err(to_err)?;
    Ok(((x.dot(&w) + &b) * r).sum())
}

#[test]
fn backward_matches_finite_differences() {
    let mut rn = rng(34);
    let x = randn::<f64>(&mut rn, 6, 5);
    let r = randn::<f64>(&mut rn, 6, 3);
    let mut layer = Linear::new(5, 3, 35);
    layer.forward(x.clone()).unwrap();
    let x_grad = layer.backward(&r).unwrap();
    let mut values = [
        x.into_dyn(),
        layer.weight.clone().into_dyn(),
        layer.bias.clone().into_dyn(),
    ];
    let analytic = [
        x_grad.into_dyn(),
        layer.weight_grad.clone().into_dyn(),
        layer.bias_grad.clone().into_dyn(),
    ];
    let report = GradCheck::default()
        .run(&["x", "w", "b"], &mut values, &analytic, |v| {
            weighted_output(v, &r)
        })
        .unwrap();
    assert!(report.all_approx(), "{report}");
}

#[test]
fn gradients_accumulate_until_zeroed() {
    let mut layer = Linear::new(2, 1, 3);
    layer.forward(array![[1.0, 2.0]]).unwrap();
    layer.backward(&array![[1.0]]).unwrap();
    layer.backward(&array![[1.0]]).unwrap();
    assert_eq!(layer.weight_grad, array![[2.0], [4.0]]);
    assert_eq!(layer.bias_grad, array![2.0]);
    layer.zero_grad();
    assert_eq!(layer.weight_grad, array![[0.0], [0.0]]);
    assert_eq!(layer.bias_grad, array![0.0]);
}

#[test]
fn misuse_is_an_error() {
    let mut layer = Linear::new(2, 1, 4);
    assert!(layer.backward(&array![[1.0]]).is_err());
    layer.forward(array![[1.0, 2.0]]).unwrap();
    assert!(layer.backward(&array![[1.0, 1.0]]).is_err());
}

#[test]
fn it_learns_a_straight_line() {
    // y = 3x - 2, fitted with MSE and plain gradient descent.
    let x = Array1::linspace(-1.0, 1.0, 32).insert_axis(Axis(1));
    let y = x.mapv(|v| 3.0 * v - 2.0);
    let mut layer = Linear::new(1, 1, 5);
    for _ in 0..500 {
        let out = layer.forward(x.clone()).unwrap();
        let out_grad = (&out - &y) * (2.0 / 32.0); // ∂mse/∂out
        layer.backward(&out_grad).unwrap();
        layer.step(0.1);
        layer.zero_grad();
    }
    assert!(
        (layer.weight[[0, 0]] - 3.0).abs() < 1e-3,
        "{}",
        layer.weight
    );
    assert!((layer.bias[0] + 2.0).abs() < 1e-3, "{}", layer.bias);
}
