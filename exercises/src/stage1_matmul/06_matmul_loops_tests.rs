//! Tests for exercise 06. Run them with `cargo run -p exercises -- run matmul_loops`.

use foundations::Error;
use foundations::init::{randn, rng};
use foundations::matmul_loops::matmul_dot;
use foundations::tensor::test_near;
use ndarray::{Array2, array};

use super::matmul_loops::{matmul, matmul_rowcol};

#[test]
fn a_product_computed_by_hand() {
    let a = array![[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let b = array![[7.0f32, 8.0], [9.0, 10.0], [11.0, 12.0]];
    // c[0, 0] = 1·7 + 2·9 + 3·11 = 58, and so on.
    let expected = array![[58.0f32, 64.0], [139.0, 154.0]];
    assert_eq!(matmul(&a, &b).unwrap(), expected);
    assert_eq!(matmul_rowcol(&a, &b).unwrap(), expected);
}

#[test]
fn both_match_ndarray_on_an_mnist_batch() {
    let mut r = rng(9);
    let x = randn::<f32>(&mut r, 5, 784);
    let w = randn::<f32>(&mut r, 784, 10);
    let reference = matmul_dot(&x, &w).unwrap();
    test_near(&matmul(&x, &w).unwrap(), &reference).unwrap();
    test_near(&matmul_rowcol(&x, &w).unwrap(), &reference).unwrap();
}

#[test]
fn mismatched_inner_sizes_name_both_shapes() {
    let a = Array2::<f32>::zeros((5, 784));
    let b = Array2::<f32>::zeros((10, 784));
    for result in [matmul(&a, &b), matmul_rowcol(&a, &b)] {
        match result {
            Err(Error::Shape(message)) => assert!(
                message.contains("[5, 784]") && message.contains("[10, 784]"),
                "{message}"
            ),
            other => panic!("expected a shape error, got {other:?}"),
        }
    }
}

#[test]
fn an_empty_inner_size_gives_zeros() {
    let a = Array2::<f32>::zeros((2, 0));
    let b = Array2::<f32>::zeros((0, 3));
    assert_eq!(matmul(&a, &b).unwrap(), Array2::zeros((2, 3)));
    assert_eq!(matmul_rowcol(&a, &b).unwrap(), Array2::zeros((2, 3)));
}
