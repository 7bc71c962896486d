//! Tests for exercise 21. Run them with `cargo run -p exercises -- run squeeze`.

use foundations::Error;
use foundations::backprop::{mse as reference_mse, mse_broadcast_trap};
use ndarray::{Array1, ArrayD, IxDyn, array};

use super::squeeze::{mse, squeeze_all, squeeze_axis};

#[test]
fn squeeze_all_removes_every_length_1_axis() {
    let a = ArrayD::<f32>::zeros(IxDyn(&[1, 3, 1, 2]));
    assert_eq!(squeeze_all(a).shape(), &[3, 2]);
}

#[test]
fn a_batch_of_one_collapses_to_rank_0_without_an_argument() {
    let one_prediction = ArrayD::<f32>::from_elem(IxDyn(&[1, 1]), 0.5);
    assert_eq!(squeeze_all(one_prediction.clone()).ndim(), 0);
    // Naming the axis keeps the batch axis.
    assert_eq!(squeeze_axis(one_prediction, 1).unwrap().shape(), &[1]);
}

#[test]
fn squeeze_axis_removes_only_that_axis() {
    let a = ArrayD::<f32>::zeros(IxDyn(&[1, 3, 1]));
    assert_eq!(squeeze_axis(a.clone(), 0).unwrap().shape(), &[3, 1]);
    assert_eq!(squeeze_axis(a, 2).unwrap().shape(), &[1, 3]);
}

#[test]
fn squeeze_axis_refuses_bad_axes() {
    let a = ArrayD::<f32>::zeros(IxDyn(&[1, 3]));
    assert!(matches!(squeeze_axis(a.clone(), 1), Err(Error::Shape(_))));
    assert!(matches!(squeeze_axis(a, 2), Err(Error::Invalid(_))));
}

#[test]
fn mse_matches_the_library_and_avoids_the_broadcast_trap() {
    let pred = array![[1.0f32], [2.0], [4.0]];
    let target = array![1.0f32, 2.0, 3.0];
    let loss = mse(&pred, &target).unwrap();
    assert!((loss - reference_mse(&pred, &target).unwrap()).abs() < 1e-6);
    assert!((loss - 1.0 / 3.0).abs() < 1e-6); // (0² + 0² + 1²) / 3
    let trap = mse_broadcast_trap(&pred, &target).unwrap();
    assert_eq!(trap.dim(), (3, 3));
    let trap_loss = trap.mapv(|d| d * d).mean().unwrap();
    // every prediction minus every target: (0 + 1 + 4 + 1 + 0 + 1 + 9 + 4 + 1) / 9
    assert!((trap_loss - 21.0 / 9.0).abs() < 1e-6, "{trap_loss}");
}

#[test]
fn mse_with_a_batch_of_one() {
    assert_eq!(mse(&array![[3.0f32]], &array![1.0f32]).unwrap(), 4.0);
}

#[test]
fn mse_needs_one_column_and_one_target_per_row() {
    let target: Array1<f32> = array![1.0, 2.0];
    assert!(mse(&array![[1.0f32, 2.0], [3.0, 4.0]], &target).is_err());
    assert!(mse(&array![[1.0f32], [2.0], [3.0]], &target).is_err());
}
