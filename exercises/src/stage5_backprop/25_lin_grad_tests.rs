//! Tests for exercise 25. Run them with `cargo run -p exercises -- run lin_grad`.

use foundations::backprop::{GradCheck, lin, lin_grad as reference};
use foundations::init::{randn, rng};
use foundations::tensor::test_close;
use foundations::{Error, Result};
use ndarray::{Array1, Array2, ArrayD, Axis, Ix1, Ix2};

use super::lin_grad::lin_grad;

/// A random layer: input `(6, 4)`, weights `(4, 3)`, bias `(3,)` and an output gradient `(6, 3)`.
fn problem(seed: u64) -> (Array2<f64>, Array2<f64>, Array1<f64>, Array2<f64>) {
    let mut r = rng(seed);
    let inp = randn::<f64>(&mut r, 6, 4);
    let w = randn::<f64>(&mut r, 4, 3);
    let b = randn::<f64>(&mut r, 1, 3).remove_axis(Axis(0));
    let out_grad = randn::<f64>(&mut r, 6, 3);
    (inp, w, b, out_grad)
}

#[test]
fn matches_the_library() {
    let (inp, w, _, out_grad) = problem(27);
    let yours = lin_grad(&inp, &w, &out_grad).unwrap();
    let expected = reference(&inp, &w, &out_grad).unwrap();
    test_close(&yours.input, &expected.input, 1e-12).unwrap();
    test_close(&yours.w, &expected.w, 1e-12).unwrap();
    test_close(&yours.b, &expected.b, 1e-12).unwrap();
}

#[test]
fn matches_finite_differences() {
    // loss = Σ lin(inp, w, b) ⊙ out_grad, whose gradient at the output is exactly out_grad.
    let (inp, w, b, out_grad) = problem(28);
    let grads = lin_grad(&inp, &w, &out_grad).unwrap();
    let mut values = [inp.into_dyn(), w.into_dyn(), b.into_dyn()];
    let analytic = [
        grads.input.into_dyn(),
        grads.w.into_dyn(),
        grads.b.into_dyn(),
    ];
    let loss = |v: &[ArrayD<f64>]| -> Result<f64> {
        let as2 = |a: &ArrayD<f64>| a.clone().into_dimensionality::<Ix2>();
        let as1 = |a: &ArrayD<f64>| a.clone().into_dimensionality::<Ix1>();
        let to_err = |e: ndarray::ShapeError| Error::Shape(e.to_string());
        let out = lin(
            &as2(&v[0]).map_err(to_err)?,
            &as2(&v[1]).map_err(to_err)?,
            &as1(&v[2]).map_err(to_err)?,
        )?;
        Ok((out * &out_grad).sum())
    };
    let report = GradCheck::default()
        .run(&["inp", "w", "b"], &mut values, &analytic, loss)
        .unwrap();
    assert!(report.all_approx(), "{report}");
}

#[test]
fn shapes_are_checked() {
    let (inp, w, _, out_grad) = problem(29);
    assert!(matches!(
        lin_grad(&inp, &w.t().to_owned(), &out_grad),
        Err(Error::Shape(_))
    ));
    assert!(matches!(
        lin_grad(&inp, &w, &out_grad.t().to_owned()),
        Err(Error::Shape(_))
    ));
}
