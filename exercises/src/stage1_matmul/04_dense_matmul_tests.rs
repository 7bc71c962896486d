//! Tests for exercise 04. Run them with `cargo run -p exercises -- run dense_matmul`.

use foundations::Error;
use foundations::backprop::lin;
use foundations::backprop::relu;
use foundations::init::{randn, rng};
use foundations::tensor::test_near;
use ndarray::{Array1, Array2, Axis, array};

use super::dense_matmul::{dense, hidden_size};

#[test]
fn bias_is_added_to_every_row() {
    let x = array![[1.0f32, 2.0], [3.0, 4.0]];
    let w = array![[1.0f32, 0.0, 1.0], [0.0, 1.0, 1.0]];
    let b = array![10.0f32, 20.0, 30.0];
    assert_eq!(
        dense(&x, &w, &b).unwrap(),
        array![[11.0, 22.0, 33.0], [13.0, 24.0, 37.0]]
    );
}

#[test]
fn matches_the_library_on_an_mnist_sized_layer() {
    let mut r = rng(4);
    let x = randn::<f32>(&mut r, 64, 784);
    let w = randn::<f32>(&mut r, 784, 50);
    let b: Array1<f32> = randn::<f32>(&mut r, 1, 50).remove_axis(Axis(0));
    test_near(&dense(&x, &w, &b).unwrap(), &lin(&x, &w, &b).unwrap()).unwrap();
}

#[test]
fn the_chapter_network_has_hidden_size_50() {
    let mut r = rng(5);
    let w1 = randn::<f32>(&mut r, 784, 50);
    let w2 = randn::<f32>(&mut r, 50, 1);
    assert_eq!(hidden_size(&w1), 50);
    assert_eq!(hidden_size(&w2), 1);
    let x = randn::<f32>(&mut r, 8, 784);
    let hidden = relu(&dense(&x, &w1, &Array1::zeros(50)).unwrap());
    assert_eq!(hidden.ncols(), hidden_size(&w1));
    let out = dense(&hidden, &w2, &Array1::zeros(1)).unwrap();
    assert_eq!(out.dim(), (8, 1));
}

#[test]
fn mismatched_inner_sizes_are_an_error_not_a_panic() {
    let x = Array2::<f32>::zeros((5, 784));
    let w = Array2::<f32>::zeros((10, 784));
    assert!(matches!(
        dense(&x, &w, &Array1::zeros(784)),
        Err(Error::Shape(_))
    ));
}

#[test]
fn a_bias_of_the_wrong_length_is_an_error() {
    let x = Array2::<f32>::zeros((2, 3));
    let w = Array2::<f32>::zeros((3, 4));
    assert!(matches!(
        dense(&x, &w, &Array1::zeros(3)),
        Err(Error::Shape(_))
    ));
}
