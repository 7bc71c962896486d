//! Tests for exercise 13. Run them with `cargo run -p exercises -- run memory_view`.

use ndarray::{Array2, array, s};

use super::memory_view::{distinct_cells, offsets, stored_values};

#[test]
fn an_ordinary_matrix_reads_each_cell_once_in_order() {
    let m = array![[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.0]];
    assert_eq!(offsets(&m.view()), vec![0, 1, 2, 3, 4, 5]);
    assert_eq!(distinct_cells(&m.view()), 6);
    assert_eq!(stored_values(&m.view()), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
}

#[test]
fn an_expanded_vector_stores_only_its_own_numbers() {
    let v = array![1.0f32, 2.0, 3.0];
    let expanded = v.broadcast((3, 3)).unwrap();
    assert_eq!(offsets(&expanded), vec![0, 1, 2, 0, 1, 2, 0, 1, 2]);
    assert_eq!(distinct_cells(&expanded), 3);
    assert_eq!(stored_values(&expanded), vec![1.0, 2.0, 3.0]);
}

#[test]
fn a_transpose_reads_the_same_memory_in_another_order() {
    let m = array![[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let t = m.t();
    assert_eq!(offsets(&t), vec![0, 3, 1, 4, 2, 5]);
    assert_eq!(distinct_cells(&t), 6);
    // storage order, not the order of the view's elements
    assert_eq!(stored_values(&t), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
}

#[test]
fn a_column_slice_steps_over_whole_rows() {
    let m = Array2::from_shape_fn((3, 4), |(i, j)| (10 * i + j) as f32);
    let column = m.slice(s![.., 1..2]);
    assert_eq!(offsets(&column), vec![0, 4, 8]);
    assert_eq!(stored_values(&column), vec![1.0, 11.0, 21.0]);
}
