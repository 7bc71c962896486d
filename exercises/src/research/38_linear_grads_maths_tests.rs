//! Tests for exercise 38. Run them with `cargo run -p exercises -- run linear_grads_maths`.

use foundations::backprop::{lin, lin_grad};
use foundations::init::{randn, rng};
use foundations::tensor::test_close;
use ndarray::{Array1, Array2, Axis, s};

use super::linear_grads_maths::{
    bias_grad_by_index, input_grad_by_index, weight_grad_by_index, weight_grad_from_jacobian,
    weight_jacobian,
};

/// A random layer: input `(5, 4)`, weights `(4, 3)`, bias `(3,)`, output gradient `(5, 3)`.
fn problem(seed: u64) -> (Array2<f64>, Array2<f64>, Array1<f64>, Array2<f64>) {
    let mut r = rng(seed);
    let x = randn::<f64>(&mut r, 5, 4);
    let w = randn::<f64>(&mut r, 4, 3);
    let b = randn::<f64>(&mut r, 1, 3).remove_axis(Axis(0));
    let g = randn::<f64>(&mut r, 5, 3);
    (x, w, b, g)
}

#[test]
fn the_jacobian_is_what_finite_differences_measure() {
    let (x, w, b, _) = problem(65);
    let jacobian = weight_jacobian(&x, 3);
    assert_eq!(jacobian.dim(), (5, 3, 4, 3));
    let h = 1e-4;
    for i in 0..4 {
        for k in 0..3 {
            let (mut up, mut down) = (w.clone(), w.clone());
            up[[i, k]] += h;
            down[[i, k]] -= h;
            let numeric = (lin(&x, &up, &b).unwrap() - lin(&x, &down, &b).unwrap()) / (2.0 * h);
            test_close(&jacobian.slice(s![.., .., i, k]), &numeric, 1e-8)
                .unwrap_or_else(|e| panic!("w[{i}, {k}]: {e}"));
        }
    }
}

#[test]
fn contracting_the_jacobian_gives_x_transpose_g() {
    let (x, _, _, g) = problem(66);
    let from_jacobian = weight_grad_from_jacobian(&g, &weight_jacobian(&x, 3)).unwrap();
    test_close(&from_jacobian, &x.t().dot(&g), 1e-12).unwrap();
}

#[test]
fn the_index_formulas_are_the_library_gradients() {
    let (x, w, _, g) = problem(67);
    let expected = lin_grad(&x, &w, &g).unwrap();
    test_close(&weight_grad_by_index(&x, &g).unwrap(), &expected.w, 1e-12).unwrap();
    test_close(
        &input_grad_by_index(&w, &g).unwrap(),
        &expected.input,
        1e-12,
    )
    .unwrap();
    test_close(&bias_grad_by_index(&g), &expected.b, 1e-12).unwrap();
}

#[test]
fn shapes_are_checked() {
    let (x, w, _, g) = problem(68);
    assert!(weight_grad_by_index(&x, &g.t().to_owned()).is_err());
    assert!(input_grad_by_index(&w.t().to_owned(), &g).is_err());
    assert!(weight_grad_from_jacobian(&g, &weight_jacobian(&x, 2)).is_err());
}
