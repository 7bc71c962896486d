//! Tests for exercise 09. Run them with `cargo run -p exercises -- run broadcast_rules`.

use foundations::broadcast::broadcast_shape as reference;
use foundations::init::rng;
use ndarray::ArrayD;
use rand::RngExt;

use super::broadcast_rules::broadcast_shape;

#[test]
fn examples_by_hand() {
    assert_eq!(
        broadcast_shape(&[8, 1, 6, 1], &[7, 1, 5]),
        Some(vec![8, 7, 6, 5])
    );
    assert_eq!(broadcast_shape(&[2], &[1]), Some(vec![2]));
    assert_eq!(broadcast_shape(&[3, 1], &[4]), Some(vec![3, 4]));
    assert_eq!(broadcast_shape(&[], &[2, 3]), Some(vec![2, 3]));
    assert_eq!(broadcast_shape(&[0], &[1]), Some(vec![0]));
}

#[test]
fn clashing_sizes_do_not_broadcast() {
    assert_eq!(broadcast_shape(&[2], &[3]), None);
    assert_eq!(broadcast_shape(&[2, 3], &[3, 3]), None);
    assert_eq!(broadcast_shape(&[4, 3], &[4]), None);
}

#[test]
fn agrees_with_the_library_and_with_ndarray_on_random_shapes() {
    let mut r = rng(11);
    let mut random_shape = || -> Vec<usize> {
        let rank = r.random_range(0..4);
        (0..rank).map(|_| r.random_range(1..4)).collect()
    };
    for _ in 0..300 {
        let (a, b) = (random_shape(), random_shape());
        let yours = broadcast_shape(&a, &b);
        assert_eq!(yours, reference(&a, &b).ok(), "{a:?} with {b:?}");
        if let Some(shape) = yours {
            // ndarray's own `+` must agree on the shape it produces.
            let sum = &ArrayD::<f32>::zeros(a.clone()) + &ArrayD::<f32>::zeros(b.clone());
            assert_eq!(sum.shape(), shape.as_slice(), "{a:?} with {b:?}");
        }
    }
}

#[test]
fn the_order_of_the_operands_does_not_matter() {
    for (a, b) in [(vec![5, 1, 3], vec![4, 1]), (vec![2, 3], vec![3, 3])] {
        assert_eq!(broadcast_shape(&a, &b), broadcast_shape(&b, &a));
    }
}
