//! Tests for exercise 30. Run them with `cargo run -p exercises -- run log_softmax`.

use foundations::cross_entropy::{
    log_softmax as reference, log_softmax_naive, logsumexp as reference_lse,
};
use foundations::init::{randn, rng};
use foundations::tensor::test_close;
use ndarray::{Axis, array};

use super::log_softmax::{log_softmax, logsumexp};

#[test]
fn logsumexp_by_hand() {
    // log(e⁰ + e⁰) = log 2
    assert!((logsumexp(array![0.0, 0.0].view()) - 2f64.ln()).abs() < 1e-15);
    assert!((logsumexp(array![3.0].view()) - 3.0).abs() < 1e-15);
}

#[test]
fn huge_logits_stay_finite() {
    let x = array![[1000.0f64, 1001.0]];
    assert!(
        log_softmax_naive(&x)[[0, 0]].is_nan(),
        "the naive version overflows"
    );
    let out = log_softmax(&x);
    // log(1 / (1 + e)) and log(e / (1 + e))
    let expected = array![[-(1.0 + 1f64.exp()).ln(), 1.0 - (1.0 + 1f64.exp()).ln()]];
    test_close(&out, &expected, 1e-12).unwrap();
    assert!(
        (logsumexp(array![1000.0, 1001.0].view()) - 1001.0 - (1.0 + (-1f64).exp()).ln()).abs()
            < 1e-9
    );
}

#[test]
fn matches_the_library() {
    let x = randn::<f64>(&mut rng(36), 8, 10) * 5.0;
    test_close(&log_softmax(&x), &reference(&x), 1e-12).unwrap();
    for (row, expected) in x.rows().into_iter().zip(reference_lse(&x)) {
        assert!((logsumexp(row) - expected).abs() < 1e-12);
    }
}

#[test]
fn probabilities_sum_to_one_per_row() {
    let x = randn::<f64>(&mut rng(37), 4, 10) * 20.0;
    let sums = log_softmax(&x).mapv(f64::exp).sum_axis(Axis(1));
    test_close(&sums, &ndarray::Array1::ones(4), 1e-12).unwrap();
}
