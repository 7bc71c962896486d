//! Tests for exercise 16. Run them with `cargo run -p exercises -- run einsum_matmul`.

use foundations::Error;
use foundations::init::{randn, rng};
use foundations::tensor::test_near;
use ndarray::{Array2, Array3, ArrayView2, array, s};

use super::einsum_matmul::{batched_matmul, diagonal, matmul_einsum, trace};

#[test]
fn matmul_matches_dot() {
    let mut r = rng(15);
    let x = randn::<f32>(&mut r, 64, 784);
    let w = randn::<f32>(&mut r, 784, 10);
    test_near(&matmul_einsum(&x, &w).unwrap(), &x.dot(&w)).unwrap();
}

#[test]
fn each_batch_entry_is_its_own_product() {
    let mut r = rng(16);
    let a = randn::<f32>(&mut r, 3 * 4, 5)
        .into_shape_with_order((3, 4, 5))
        .unwrap();
    let b = randn::<f32>(&mut r, 3 * 5, 2)
        .into_shape_with_order((3, 5, 2))
        .unwrap();
    let c: Array3<f32> = batched_matmul(&a, &b).unwrap();
    assert_eq!(c.dim(), (3, 4, 2));
    for n in 0..3 {
        let (a_n, b_n): (ArrayView2<f32>, ArrayView2<f32>) =
            (a.slice(s![n, .., ..]), b.slice(s![n, .., ..]));
        let expected = a_n.dot(&b_n);
        test_near(&c.slice(s![n, .., ..]), &expected).unwrap();
    }
}

#[test]
fn a_repeated_letter_reads_the_diagonal() {
    let a = array![[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]];
    assert_eq!(diagonal(&a).unwrap(), array![1.0, 5.0, 9.0]);
    assert_eq!(trace(&a).unwrap(), 15.0);
}

#[test]
fn sizes_that_do_not_match_are_einsum_errors() {
    let a = Array2::<f32>::zeros((2, 3));
    assert!(matches!(matmul_einsum(&a, &a), Err(Error::Einsum(_))));
    assert!(matches!(trace(&a), Err(Error::Einsum(_))));
    assert!(matches!(diagonal(&a), Err(Error::Einsum(_))));
}
