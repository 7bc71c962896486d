//! Tests for exercise 05. Run them with `cargo run -p exercises -- run transpose`.

use foundations::broadcast::{shares_memory, strides_of};
use foundations::init::{randn, rng};
use ndarray::array;

use super::transpose::{transpose_copy, transpose_view};

#[test]
fn rows_become_columns() {
    let a = array![[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let expected = array![[1.0f32, 4.0], [2.0, 5.0], [3.0, 6.0]];
    assert_eq!(transpose_copy(&a), expected);
    assert_eq!(transpose_view(&a), expected);
}

#[test]
fn the_copy_owns_new_memory_in_row_major_order() {
    let a = randn::<f32>(&mut rng(6), 3, 5);
    let t = transpose_copy(&a);
    assert_eq!(t, a.t());
    assert!(!shares_memory(&t, &a));
    assert_eq!(strides_of(&t), vec![3, 1]);
}

#[test]
fn the_view_reads_the_original_memory_with_swapped_strides() {
    let a = randn::<f32>(&mut rng(7), 3, 5);
    let t = transpose_view(&a);
    assert_eq!(t, a.t());
    assert!(shares_memory(&t, &a));
    assert_eq!(strides_of(&t), vec![1, 5]);
}

#[test]
fn transposing_a_product_swaps_its_factors() {
    // (a · b)ᵀ = bᵀ · aᵀ
    let mut r = rng(8);
    let a = randn::<f32>(&mut r, 4, 3);
    let b = randn::<f32>(&mut r, 3, 2);
    let left = transpose_copy(&a.dot(&b));
    let right = transpose_view(&b).dot(&transpose_view(&a));
    for (x, y) in left.iter().zip(&right) {
        assert!((x - y).abs() < 1e-5);
    }
}
