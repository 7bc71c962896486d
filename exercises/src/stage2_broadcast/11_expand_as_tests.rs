//! Tests for exercise 11. Run them with `cargo run -p exercises -- run expand_as`.

use foundations::Error;
use foundations::broadcast::{shares_memory, strides_of};
use ndarray::{Array1, Array2, array};

use super::expand_as::{expand_as_columns, expand_as_rows};

#[test]
fn rows_repeat_the_vector() {
    let v = array![1.0f32, 2.0, 3.0];
    let m = Array2::<f32>::zeros((2, 3));
    assert_eq!(
        expand_as_rows(&v, &m).unwrap(),
        array![[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]
    );
}

#[test]
fn columns_repeat_the_vector() {
    let v = array![1.0f32, 2.0];
    let m = Array2::<f32>::zeros((2, 3));
    assert_eq!(
        expand_as_columns(&v, &m).unwrap(),
        array![[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]
    );
}

#[test]
fn adding_the_expanded_view_is_broadcasting() {
    let m = array![[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]];
    let v = array![10.0f32, 20.0, 30.0];
    assert_eq!(&m + &expand_as_rows(&v, &m).unwrap(), &m + &v);
}

#[test]
fn stretching_costs_no_memory() {
    let v = array![1.0f32, 2.0, 3.0];
    let big = Array2::<f32>::zeros((1000, 3));
    let rows = expand_as_rows(&v, &big).unwrap();
    assert_eq!(rows.len(), 3000);
    assert_eq!(strides_of(&rows), vec![0, 1]);
    assert!(shares_memory(&rows, &v));
    let tall = Array2::<f32>::zeros((3, 1000));
    let columns = expand_as_columns(&v, &tall).unwrap();
    assert_eq!(strides_of(&columns), vec![1, 0]);
    assert!(shares_memory(&columns, &v));
}

#[test]
fn a_vector_that_does_not_fit_is_an_error() {
    let v: Array1<f32> = Array1::zeros(4);
    let m = Array2::<f32>::zeros((2, 3));
    assert!(matches!(expand_as_rows(&v, &m), Err(Error::Shape(_))));
    assert!(matches!(expand_as_columns(&v, &m), Err(Error::Shape(_))));
}
