//! Stage 6 acceptance: softmax, the three log-softmaxes, logsumexp, nll, cross-entropy, its
//! gradient against finite differences, and accuracy.

use foundations::Error;
use foundations::cross_entropy::{
    accuracy, argmax, cross_entropy, cross_entropy_grad, log_softmax, log_softmax_log_rule,
    log_softmax_naive, logsumexp, nll, softmax,
};
use foundations::init::{randn, rng};
use foundations::tensor::test_close;
use ndarray::{Array1, Array2, Axis, array};

#[test]
fn softmax_rows_are_probabilities_in_logit_order() {
    let x = randn::<f64>(&mut rng(1), 6, 10) * 3.0;
    let p = softmax(&x);
    test_close(&p.sum_axis(Axis(1)), &Array1::ones(6), 1e-12).unwrap();
    assert!(p.iter().all(|&v| v > 0.0));
    let direct = array![[1.0f64, 2.0, 3.0]].mapv(f64::exp);
    let total = direct.sum();
    test_close(
        &softmax(&array![[1.0f64, 2.0, 3.0]]),
        &(direct / total),
        1e-12,
    )
    .unwrap();
    // Still a probability row for logits that would overflow exp.
    let big = softmax(&array![[1000.0f32, 1001.0, 1002.0]]);
    assert!((big.sum() - 1.0).abs() < 1e-6 && big.iter().all(|v| v.is_finite()));
}

#[test]
fn logsumexp_equals_log_sum_exp_on_moderate_values() {
    let x = randn::<f64>(&mut rng(2), 5, 7) * 4.0;
    let direct = x.mapv(f64::exp).sum_axis(Axis(1)).mapv(f64::ln);
    test_close(&logsumexp(&x), &direct, 1e-12).unwrap();
}

#[test]
fn the_three_log_softmaxes_agree_on_small_logits() {
    let x = randn::<f64>(&mut rng(3), 4, 5);
    let stable = log_softmax(&x);
    test_close(&log_softmax_naive(&x), &stable, 1e-12).unwrap();
    test_close(&log_softmax_log_rule(&x), &stable, 1e-12).unwrap();
    test_close(&stable.mapv(f64::exp), &softmax(&x), 1e-12).unwrap();
}

#[test]
fn stable_log_softmax_survives_logits_of_a_thousand() {
    let small = array![[0.0f32, 1.0, 2.0]];
    let big = array![[1000.0f32, 1001.0, 1002.0]];
    // exp(1000) overflows: the naive and log-rule versions break.
    assert!(log_softmax_naive(&big).iter().any(|v| !v.is_finite()));
    assert!(log_softmax_log_rule(&big).iter().any(|v| !v.is_finite()));
    // Shifting logits leaves log-softmax unchanged, and the stable version sees that.
    let stable = log_softmax(&big);
    assert!(stable.iter().all(|v| v.is_finite()));
    // f32 spacing near 1000 is 6e-5, so that is as close as `1000 - logsumexp` can get.
    test_close(&stable, &log_softmax(&small), 1e-4).unwrap();
    test_close(&log_softmax_naive(&small), &log_softmax(&small), 1e-6).unwrap();
    assert!((logsumexp(&big)[0] - (1000.0 + logsumexp(&small)[0])).abs() < 1e-3);
}

#[test]
fn logsumexp_of_minus_infinity_rows_is_minus_infinity() {
    let x = array![
        [f64::NEG_INFINITY, f64::NEG_INFINITY],
        [0.0, f64::NEG_INFINITY]
    ];
    let lse = logsumexp(&x);
    assert_eq!(lse[0], f64::NEG_INFINITY);
    assert_eq!(lse[1], 0.0);
}

#[test]
fn nll_picks_each_rows_target_entry() {
    let log_probs = array![[-1.0f64, -2.0, -3.0], [-4.0, -5.0, -6.0]];
    // -(log_probs[0, 2] + log_probs[1, 0]) / 2 = (3 + 4) / 2
    assert_eq!(nll(&log_probs, &[2, 0]).unwrap(), 3.5);
    assert_eq!(nll(&log_probs, &[1, 1]).unwrap(), 3.5);
    assert_eq!(nll(&log_probs, &[0, 2]).unwrap(), 3.5);
    assert_eq!(nll(&log_probs, &[1, 2]).unwrap(), 4.0);
}

#[test]
fn cross_entropy_is_nll_of_log_softmax() {
    let logits = array![[2.0f64, 1.0, 0.1], [0.5, 2.5, 0.3]];
    let targets = [0, 1];
    let expected: f64 = (0..2)
        .map(|i| {
            let row = logits.row(i);
            let p = row[targets[i]].exp() / row.mapv(f64::exp).sum();
            -p.ln()
        })
        .sum::<f64>()
        / 2.0;
    assert!((cross_entropy(&logits, &targets).unwrap() - expected).abs() < 1e-12);
    // Uniform logits over 10 classes cost log(10).
    let flat = Array2::<f32>::zeros((3, 10));
    assert!((cross_entropy(&flat, &[0, 5, 9]).unwrap() - 10f32.ln()).abs() < 1e-6);
}

#[test]
fn cross_entropy_grad_matches_central_differences() {
    let logits = randn::<f64>(&mut rng(4), 5, 4) * 2.0;
    let targets = [3, 0, 1, 1, 2];
    let grad = cross_entropy_grad(&logits, &targets).unwrap();
    let h = 1e-6;
    let numeric = Array2::from_shape_fn(logits.dim(), |idx| {
        let (mut up, mut down) = (logits.clone(), logits.clone());
        up[idx] += h;
        down[idx] -= h;
        let loss = |x: &Array2<f64>| cross_entropy(x, &targets).unwrap();
        (loss(&up) - loss(&down)) / (2.0 * h)
    });
    test_close(&grad, &numeric, 1e-4).unwrap();
    // Each row of (softmax - onehot) / n sums to zero.
    test_close(&grad.sum_axis(Axis(1)), &Array1::zeros(5), 1e-12).unwrap();
}

#[test]
fn accuracy_counts_rows_whose_argmax_is_the_target() {
    let logits = array![
        [0.1f32, 0.9, 0.0],
        [2.0, 1.0, 0.5],
        [0.0, 0.0, 3.0],
        [1.0, 5.0, 2.0]
    ];
    assert_eq!(accuracy(&logits, &[1, 0, 2, 1]).unwrap(), 1.0);
    assert_eq!(accuracy(&logits, &[1, 0, 0, 2]).unwrap(), 0.5);
    assert_eq!(accuracy(&logits, &[0, 1, 0, 0]).unwrap(), 0.0);
    assert_eq!(argmax(&logits), [1, 0, 2, 1]);
}

#[test]
fn argmax_takes_the_first_of_tied_maxima_and_skips_nan() {
    let logits = array![
        [1.0f32, 3.0, 3.0],
        [f32::NAN, -1.0, -2.0],
        [-4.0, -4.0, -5.0]
    ];
    assert_eq!(argmax(&logits), [1, 1, 0]);
    assert!(argmax(&Array2::<f32>::zeros((0, 10))).is_empty());
}

/// One of the functions that take `(logits, targets)`, with its result dropped.
type TargetCheck = fn(&Array2<f64>, &[usize]) -> Result<(), Error>;

#[test]
fn bad_targets_are_errors_that_say_what_is_wrong() {
    let logits = Array2::<f64>::zeros((3, 4));
    let functions: [(&str, TargetCheck); 4] = [
        ("nll", |x, t| nll(x, t).map(drop)),
        ("cross_entropy", |x, t| cross_entropy(x, t).map(drop)),
        ("cross_entropy_grad", |x, t| {
            cross_entropy_grad(x, t).map(drop)
        }),
        ("accuracy", |x, t| accuracy(x, t).map(drop)),
    ];
    for (name, f) in functions {
        let msg = f(&logits, &[0, 1]).unwrap_err().to_string();
        assert!(
            msg.contains(name) && msg.contains("2 targets for 3 rows"),
            "{msg}"
        );
        let msg = f(&logits, &[0, 4, 1]).unwrap_err().to_string();
        assert!(
            msg.contains("targets[1] = 4") && msg.contains("below 4"),
            "{msg}"
        );
        let msg = f(&Array2::zeros((0, 4)), &[]).unwrap_err().to_string();
        assert!(msg.contains("empty batch"), "{msg}");
    }
}
