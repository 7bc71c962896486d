//! Tests for exercise 17. Run them with `cargo run -p exercises -- run einsum_rules`.

use foundations::Error;
use foundations::einsum::einsum_general;
use foundations::init::{randn, rng};
use foundations::tensor::test_near;
use ndarray::{ArrayD, IxDyn, array};

use super::einsum_rules::einsum2;

/// A seeded random array of the given shape.
fn random(shape: &[usize], seed: u64) -> ArrayD<f64> {
    let n: usize = shape.iter().product();
    randn::<f64>(&mut rng(seed), 1, n)
        .into_shape_with_order(IxDyn(shape))
        .unwrap()
}

/// Checks `einsum2` against the library on random operands of the given shapes. The library
/// computes in `f32`, so both sides are compared in `f32`, up to float32 rounding.
fn agrees(spec: &str, a_shape: &[usize], b_shape: &[usize]) {
    let (a, b) = (random(a_shape, 17), random(b_shape, 18));
    let (a32, b32) = (a.mapv(|v| v as f32), b.mapv(|v| v as f32));
    let reference = einsum_general(spec, &[a32.view(), b32.view()]).unwrap();
    let yours = einsum2(spec, &a, &b).unwrap().mapv(|v| v as f32);
    test_near(&yours, &reference).unwrap_or_else(|e| panic!("{spec}: {e}"));
}

#[test]
fn a_matrix_product_by_hand() {
    let a = array![[1.0, 2.0], [3.0, 4.0]].into_dyn();
    let b = array![[5.0, 6.0], [7.0, 8.0]].into_dyn();
    let expected = array![[19.0, 22.0], [43.0, 50.0]].into_dyn();
    assert_eq!(einsum2("ik,kj->ij", &a, &b).unwrap(), expected);
}

#[test]
fn shared_letters_multiply_and_missing_letters_sum() {
    agrees("ik,kj->ij", &[3, 4], &[4, 5]);
    agrees("i,j->ij", &[3], &[4]); // nothing shared, nothing summed: the outer product
    agrees("ij,ij->ij", &[2, 3], &[2, 3]); // shared and kept: elementwise
    agrees("ij,ij->", &[2, 3], &[2, 3]); // shared and summed: one number
    agrees("bi,bj->ij", &[6, 3], &[6, 2]); // the weight gradient of a linear layer
}

#[test]
fn the_output_letters_choose_the_axis_order() {
    agrees("ik,kj->ji", &[3, 4], &[4, 5]);
    agrees("bik,bkj->bij", &[2, 3, 4], &[2, 4, 5]);
}

#[test]
fn a_repeated_letter_walks_the_diagonal() {
    let m = array![[1.0, 2.0], [3.0, 4.0]].into_dyn();
    let v = array![10.0, 100.0].into_dyn();
    assert_eq!(
        einsum2("ii,i->i", &m, &v).unwrap(),
        array![10.0, 400.0].into_dyn()
    );
    agrees("ii,jj->", &[3, 3], &[2, 2]);
}

#[test]
fn malformed_specs_and_mismatched_shapes_are_errors() {
    let m = random(&[2, 3], 1);
    let cases = [
        "ij,jk",      // no output
        "ij->ij",     // one input term
        "i1,jk->ik",  // not a letter
        "ijk,jk->ik", // term longer than the operand's rank
        "ij,ij->ijk", // output letter from nowhere
        "ij,ij->ii",  // repeated output letter
        "ij,ji->ij",  // i is 2 in a but 3 in b
    ];
    for spec in cases {
        match einsum2(spec, &m, &m) {
            Err(Error::Einsum(_)) => {}
            other => panic!("{spec}: expected an einsum error, got {other:?}"),
        }
    }
}
