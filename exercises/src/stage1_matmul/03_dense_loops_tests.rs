//! Tests for exercise 03. Run them with `cargo run -p exercises -- run dense_loops`.

use foundations::Error;
use foundations::backprop::lin;
use foundations::init::{randn, rng};
use ndarray::{Array1, Array2, Axis};

use super::dense_loops::dense_plain;

/// The rows of a matrix as `Vec`s.
fn rows(a: &Array2<f32>) -> Vec<Vec<f32>> {
    a.rows().into_iter().map(|r| r.to_vec()).collect()
}

#[test]
fn one_sample_two_inputs_three_outputs() {
    let x = vec![vec![1.0, 2.0]];
    let w = vec![vec![1.0, 0.0, -1.0], vec![0.5, 2.0, 1.0]];
    let b = [0.0, 1.0, 10.0];
    // [1·1 + 2·0.5, 1·0 + 2·2 + 1, 1·(-1) + 2·1 + 10]
    assert_eq!(dense_plain(&x, &w, &b).unwrap(), vec![vec![2.0, 5.0, 11.0]]);
}

#[test]
fn matches_the_library_linear_layer() {
    let mut r = rng(3);
    let x = randn::<f32>(&mut r, 4, 5);
    let w = randn::<f32>(&mut r, 5, 3);
    let b: Array1<f32> = randn::<f32>(&mut r, 1, 3).remove_axis(Axis(0));
    let reference = lin(&x, &w, &b).unwrap();
    let yours = dense_plain(&rows(&x), &rows(&w), b.as_slice().unwrap()).unwrap();
    assert_eq!(yours.len(), 4);
    for (row, expected) in yours.iter().zip(reference.rows()) {
        assert_eq!(row.len(), 3);
        for (a, e) in row.iter().zip(expected) {
            assert!((a - e).abs() < 1e-5, "{a} vs {e}");
        }
    }
}

#[test]
fn an_empty_batch_gives_no_rows() {
    let w = vec![vec![1.0, 2.0]];
    assert!(dense_plain(&[], &w, &[0.0, 0.0]).unwrap().is_empty());
}

#[test]
fn a_short_input_row_is_a_shape_error() {
    let x = vec![vec![1.0, 2.0], vec![3.0]];
    let w = vec![vec![1.0], vec![2.0]];
    assert!(matches!(dense_plain(&x, &w, &[0.0]), Err(Error::Shape(_))));
}

#[test]
fn a_bias_of_the_wrong_length_is_a_shape_error() {
    let x = vec![vec![1.0, 2.0]];
    let w = vec![vec![1.0, 0.0], vec![2.0, 1.0]];
    assert!(matches!(dense_plain(&x, &w, &[0.0]), Err(Error::Shape(_))));
}
