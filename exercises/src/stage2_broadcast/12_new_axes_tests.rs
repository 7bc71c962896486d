//! Tests for exercise 12. Run them with `cargo run -p exercises -- run new_axes`.

use foundations::Error;
use foundations::broadcast::{as_column, as_row, shares_memory};
use ndarray::{ArrayD, IxDyn, array};

use super::new_axes::{column_by_indexing, row_by_indexing, unsqueeze};

#[test]
fn indexing_with_a_new_axis_gives_a_column_or_a_row() {
    let v = array![1.0f32, 2.0, 3.0];
    let column = column_by_indexing(&v);
    let row = row_by_indexing(&v);
    assert_eq!(column.shape(), &[3, 1]);
    assert_eq!(row.shape(), &[1, 3]);
    assert_eq!(column, as_column(v.view()));
    assert_eq!(row, as_row(v.view()));
    assert!(shares_memory(&column, &v) && shares_memory(&row, &v));
}

#[test]
fn the_new_axis_decides_the_direction_of_broadcasting() {
    let m = array![[0.0f32, 0.0, 0.0], [1.0, 1.0, 1.0], [2.0, 2.0, 2.0]];
    let v = array![10.0f32, 20.0, 30.0];
    assert_eq!(
        &m + &column_by_indexing(&v),
        array![[10.0, 10.0, 10.0], [21.0, 21.0, 21.0], [32.0, 32.0, 32.0]]
    );
    assert_eq!(&m + &row_by_indexing(&v), &m + &v);
}

#[test]
fn unsqueeze_inserts_at_any_position() {
    let a = ArrayD::<f32>::zeros(IxDyn(&[2, 3]));
    assert_eq!(unsqueeze(&a, 0).unwrap().shape(), &[1, 2, 3]);
    assert_eq!(unsqueeze(&a, 1).unwrap().shape(), &[2, 1, 3]);
    assert_eq!(unsqueeze(&a, 2).unwrap().shape(), &[2, 3, 1]);
    assert!(shares_memory(&unsqueeze(&a, 1).unwrap(), &a));
}

#[test]
fn unsqueeze_1_on_a_vector_is_the_column() {
    let v = array![4.0f32, 5.0];
    let dynamic = v.clone().into_dyn();
    assert_eq!(
        unsqueeze(&dynamic, 1).unwrap(),
        column_by_indexing(&v).into_dyn()
    );
}

#[test]
fn an_axis_past_the_end_is_invalid() {
    let a = ArrayD::<f32>::zeros(IxDyn(&[2, 3]));
    assert!(matches!(unsqueeze(&a, 3), Err(Error::Invalid(_))));
}
