//! Tests for exercise 31. Run them with `cargo run -p exercises -- run nll`.

use foundations::cross_entropy::{cross_entropy as reference_ce, nll as reference_nll};
use foundations::init::{randn, rng};
use ndarray::{Array2, array};

use super::nll::{cross_entropy, nll};

#[test]
fn picks_the_target_entry_of_each_row() {
    let log_probs = array![[-0.1, -2.0, -3.0], [-1.5, -0.5, -4.0]];
    // -((-0.1) + (-0.5)) / 2
    assert!((nll(&log_probs, &[0, 1]).unwrap() - 0.3).abs() < 1e-15);
    assert!((nll(&log_probs, &[2, 2]).unwrap() - 3.5).abs() < 1e-15);
}

#[test]
fn matches_the_library() {
    let mut r = rng(38);
    let logits = randn::<f64>(&mut r, 64, 10) * 3.0;
    let targets: Vec<usize> = (0..64).map(|i| (i * 7) % 10).collect();
    let yours = cross_entropy(&logits, &targets).unwrap();
    assert!((yours - reference_ce(&logits, &targets).unwrap()).abs() < 1e-12);
    let log_probs = foundations::cross_entropy::log_softmax(&logits);
    assert!(
        (nll(&log_probs, &targets).unwrap() - reference_nll(&log_probs, &targets).unwrap()).abs()
            < 1e-12
    );
}

#[test]
fn uniform_logits_cost_log_of_the_class_count() {
    let logits = Array2::<f64>::zeros((5, 10));
    let loss = cross_entropy(&logits, &[0, 1, 2, 3, 4]).unwrap();
    assert!((loss - 10f64.ln()).abs() < 1e-12);
}

#[test]
fn bad_targets_are_errors() {
    let log_probs = Array2::<f64>::zeros((2, 3));
    assert!(nll(&log_probs, &[0]).is_err());
    assert!(nll(&log_probs, &[0, 3]).is_err());
    assert!(nll(&Array2::zeros((0, 3)), &[]).is_err());
    assert!(cross_entropy(&log_probs, &[5, 0]).is_err());
}
