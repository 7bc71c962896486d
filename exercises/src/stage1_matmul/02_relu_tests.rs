//! Tests for exercise 02. Run them with `cargo run -p exercises -- run relu`.

use foundations::backprop::relu as reference_relu;
use foundations::init::{randn, rng};
use ndarray::array;

use super::relu::{relu, relu_layer};

#[test]
fn positive_numbers_pass_and_the_rest_become_zero() {
    assert_eq!(relu(3.5), 3.5);
    assert_eq!(relu(-2.0), 0.0);
    assert_eq!(relu(0.0), 0.0);
    assert_eq!(relu(f32::MIN_POSITIVE), f32::MIN_POSITIVE);
}

#[test]
fn a_layer_is_relu_on_every_element() {
    let x = array![[-1.0f32, 2.0, 0.0], [4.5, -0.1, 7.0]];
    assert_eq!(relu_layer(&x), array![[0.0, 2.0, 0.0], [4.5, 0.0, 7.0]]);
}

#[test]
fn matches_the_library_on_random_activations() {
    let x = randn::<f32>(&mut rng(2), 16, 50);
    let yours = relu_layer(&x);
    assert_eq!(yours.dim(), (16, 50));
    assert_eq!(yours, reference_relu(&x));
}
