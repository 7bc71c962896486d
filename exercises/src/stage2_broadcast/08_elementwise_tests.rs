//! Tests for exercise 08. Run them with `cargo run -p exercises -- run elementwise`.

use foundations::Error;
use ndarray::{Array2, arr0, array};

use super::elementwise::{all_greater, elementwise_product, to_plain, total};

#[test]
fn products_pair_up_equal_positions() {
    let a = array![[1.0f32, 2.0], [3.0, 4.0]];
    let b = array![[10.0f32, 0.5], [-1.0, 2.0]];
    assert_eq!(
        elementwise_product(&a, &b).unwrap(),
        array![[10.0, 1.0], [-3.0, 8.0]]
    );
}

#[test]
fn all_greater_needs_every_element_to_be_greater() {
    let a = array![[2.0f32, 3.0], [4.0, 5.0]];
    assert!(all_greater(&a, &array![[1.0, 2.0], [3.0, 4.0]]).unwrap());
    // One element equal is enough to make it false.
    assert!(!all_greater(&a, &array![[1.0, 2.0], [4.0, 4.0]]).unwrap());
    assert!(!all_greater(&a, &array![[9.0, 2.0], [3.0, 4.0]]).unwrap());
}

#[test]
fn different_shapes_are_errors_here() {
    let a = Array2::<f32>::zeros((2, 3));
    let b = Array2::<f32>::zeros((3, 2));
    assert!(matches!(elementwise_product(&a, &b), Err(Error::Shape(_))));
    assert!(matches!(all_greater(&a, &b), Err(Error::Shape(_))));
}

#[test]
fn a_sum_is_a_rank_0_array() {
    let sum = total(&array![[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.5]]);
    assert_eq!(sum.ndim(), 0);
    assert_eq!(sum.shape(), &[] as &[usize]);
    assert_eq!(sum.len(), 1);
    assert_eq!(sum, arr0(21.5));
}

#[test]
fn a_rank_0_array_unwraps_to_a_plain_number() {
    assert_eq!(to_plain(arr0(3.5)), 3.5);
    let value: f32 = to_plain(total(&array![[0.25f32, 0.75]]));
    assert_eq!(value, 1.0);
}
