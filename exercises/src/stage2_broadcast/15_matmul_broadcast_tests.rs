//! Tests for exercise 15. Run them with `cargo run -p exercises -- run matmul_broadcast`.

use foundations::Error;
use foundations::init::{randn, rng};
use foundations::matmul_loops::matmul_dot;
use foundations::tensor::test_near;
use ndarray::{Array2, array};

use super::matmul_broadcast::matmul_one_loop;

#[test]
fn a_product_computed_by_hand() {
    let a = array![[1.0f32, 2.0], [3.0, 4.0]];
    let b = array![[5.0f32, 6.0, 7.0], [8.0, 9.0, 10.0]];
    assert_eq!(
        matmul_one_loop(&a, &b).unwrap(),
        array![[21.0, 24.0, 27.0], [47.0, 54.0, 61.0]]
    );
}

#[test]
fn matches_ndarray_on_an_mnist_batch() {
    let mut r = rng(14);
    let x = randn::<f32>(&mut r, 50, 784);
    let w = randn::<f32>(&mut r, 784, 10);
    test_near(
        &matmul_one_loop(&x, &w).unwrap(),
        &matmul_dot(&x, &w).unwrap(),
    )
    .unwrap();
}

#[test]
fn mismatched_inner_sizes_are_an_error() {
    let a = Array2::<f32>::zeros((2, 3));
    let b = Array2::<f32>::zeros((2, 3));
    assert!(matches!(matmul_one_loop(&a, &b), Err(Error::Shape(_))));
}
