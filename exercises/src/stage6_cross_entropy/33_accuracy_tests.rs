//! Tests for exercise 33. Run them with `cargo run -p exercises -- run accuracy`.

use foundations::cross_entropy::accuracy as reference;
use foundations::init::{randn, rng};
use ndarray::{Array2, array};

use super::accuracy::{accuracy, argmax};

#[test]
fn argmax_takes_the_first_of_equal_maxima() {
    assert_eq!(argmax(array![0.1, 0.7, 0.2].view()), 1);
    assert_eq!(argmax(array![-1.0, -3.0].view()), 0);
    assert_eq!(argmax(array![2.0, 5.0, 5.0].view()), 1);
}

#[test]
fn accuracy_by_hand() {
    let logits = array![[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.3, 0.7]];
    assert_eq!(accuracy(&logits, &[0, 1, 1, 1]).unwrap(), 0.75);
    assert_eq!(accuracy(&logits, &[1, 0, 1, 0]).unwrap(), 0.0);
}

#[test]
fn matches_the_library() {
    let logits = randn::<f64>(&mut rng(42), 200, 10);
    let targets: Vec<usize> = (0..200).map(|i| (i * i) % 10).collect();
    let yours = accuracy(&logits, &targets).unwrap();
    assert_eq!(yours, reference(&logits, &targets).unwrap());
    assert!(
        yours > 0.0 && yours < 0.5,
        "random logits are right about 1 time in 10"
    );
}

#[test]
fn bad_targets_are_errors() {
    let logits = Array2::<f64>::zeros((2, 3));
    assert!(accuracy(&logits, &[0]).is_err());
    assert!(accuracy(&logits, &[0, 7]).is_err());
    assert!(accuracy(&Array2::zeros((0, 3)), &[]).is_err());
}
