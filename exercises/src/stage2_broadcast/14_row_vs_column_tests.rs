//! Tests for exercise 14. Run them with `cargo run -p exercises -- run row_vs_column`.

use foundations::Error;
use foundations::broadcast::{add_col_vector, add_row_vector};
use foundations::init::{randn, rng};
use ndarray::{Array1, Array2, Axis, array};

use super::row_vs_column::{add_to_columns, add_to_rows};

fn square() -> (Array2<f32>, Array1<f32>) {
    let m = array![[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]];
    (m, array![10.0f32, 20.0, 30.0])
}

#[test]
fn rows_get_the_vector_along_them() {
    let (m, v) = square();
    assert_eq!(
        add_to_rows(&m, &v).unwrap(),
        array![[11.0, 22.0, 33.0], [14.0, 25.0, 36.0], [17.0, 28.0, 39.0]]
    );
}

#[test]
fn columns_get_the_vector_down_them() {
    let (m, v) = square();
    assert_eq!(
        add_to_columns(&m, &v).unwrap(),
        array![[11.0, 12.0, 13.0], [24.0, 25.0, 26.0], [37.0, 38.0, 39.0]]
    );
}

#[test]
fn a_plain_vector_goes_to_every_row() {
    // The answer to the question: ndarray's `+` adds a (3,) vector to each row.
    let (m, v) = square();
    assert_eq!(&m + &v, add_to_rows(&m, &v).unwrap());
    assert_ne!(&m + &v, add_to_columns(&m, &v).unwrap());
}

#[test]
fn matches_the_library_on_a_rectangle() {
    let mut r = rng(13);
    let m = randn::<f32>(&mut r, 4, 6);
    let along_rows: Array1<f32> = randn::<f32>(&mut r, 1, 6).remove_axis(Axis(0));
    let along_columns: Array1<f32> = randn::<f32>(&mut r, 1, 4).remove_axis(Axis(0));
    assert_eq!(
        add_to_rows(&m, &along_rows).unwrap(),
        add_row_vector(&m, &along_rows).unwrap()
    );
    assert_eq!(
        add_to_columns(&m, &along_columns).unwrap(),
        add_col_vector(&m, &along_columns).unwrap()
    );
}

#[test]
fn a_vector_that_does_not_fit_is_an_error() {
    let m = Array2::<f32>::zeros((4, 6));
    assert!(matches!(
        add_to_rows(&m, &Array1::zeros(4)),
        Err(Error::Shape(_))
    ));
    assert!(matches!(
        add_to_columns(&m, &Array1::zeros(6)),
        Err(Error::Shape(_))
    ));
}
