//! Tests for exercise 10. Run them with `cargo run -p exercises -- run broadcast_cases`.

use foundations::Error;
use foundations::init::{randn, rng};
use ndarray::{ArrayD, IxDyn, arr0, array};

use super::broadcast_cases::add;

#[test]
fn one_element_is_added_to_both() {
    let a = array![1.0f32, 2.0].into_dyn();
    let b = array![1.0f32].into_dyn();
    assert_eq!(add(&a, &b).unwrap(), array![2.0f32, 3.0].into_dyn());
}

#[test]
fn two_against_three_is_an_error_naming_both_shapes() {
    let a = array![1.0f32, 2.0].into_dyn();
    let b = array![1.0f32, 2.0, 3.0].into_dyn();
    match add(&a, &b) {
        Err(Error::Shape(message)) => {
            assert!(
                message.contains("[2]") && message.contains("[3]"),
                "{message}"
            );
        }
        other => panic!("expected a shape error, got {other:?}"),
    }
}

#[test]
fn a_column_and_a_row_make_a_table() {
    let column = array![[0.0f32], [10.0]].into_dyn(); // (2, 1)
    let row = array![1.0f32, 2.0, 3.0].into_dyn(); // (3,)
    let expected = array![[1.0f32, 2.0, 3.0], [11.0, 12.0, 13.0]].into_dyn();
    assert_eq!(add(&column, &row).unwrap(), expected);
    assert_eq!(add(&row, &column).unwrap(), expected);
}

#[test]
fn a_rank_0_value_is_added_everywhere() {
    let m = array![[1.0f32, 2.0], [3.0, 4.0]].into_dyn();
    let five = arr0(5.0f32).into_dyn();
    assert_eq!(add(&m, &five).unwrap(), (&m + 5.0));
}

#[test]
fn matches_ndarray_where_ndarray_does_not_panic() {
    let mut r = rng(12);
    let m: ArrayD<f32> = randn::<f32>(&mut r, 4, 3).into_dyn();
    let v: ArrayD<f32> = randn::<f32>(&mut r, 4, 1).into_dyn();
    assert_eq!(add(&m, &v).unwrap(), &m + &v);
    let deep = ArrayD::<f32>::ones(IxDyn(&[2, 1, 3]));
    assert_eq!(add(&deep, &m).unwrap(), &deep + &m);
}
