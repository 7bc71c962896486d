//! Tests for exercise 01. Run them with `cargo run -p exercises -- run neuron`.

use foundations::Error;
use foundations::backprop::lin;
use ndarray::{Array2, array};

use super::neuron::neuron;

#[test]
fn weighted_sum_plus_bias() {
    // 1·4 + 2·5 + 3·6 + 0.5 = 32.5
    assert_eq!(
        neuron(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0], 0.5).unwrap(),
        32.5
    );
}

#[test]
fn negative_weights_and_bias_count_too() {
    // 2·(-1) + 3·0.5 - 1 = -1.5
    assert_eq!(neuron(&[2.0, 3.0], &[-1.0, 0.5], -1.0).unwrap(), -1.5);
}

#[test]
fn a_neuron_is_a_linear_layer_with_one_output() {
    let inputs = [0.3f32, -1.2, 2.5, 0.7];
    let weights = [1.5f32, 0.25, -0.5, 2.0];
    let x = Array2::from_shape_vec((1, 4), inputs.to_vec()).unwrap();
    let w = Array2::from_shape_vec((4, 1), weights.to_vec()).unwrap();
    let reference = lin(&x, &w, &array![0.1f32]).unwrap()[[0, 0]];
    let yours = neuron(&inputs, &weights, 0.1).unwrap();
    assert!((yours - reference).abs() < 1e-6, "{yours} vs {reference}");
}

#[test]
fn no_inputs_leaves_only_the_bias() {
    assert_eq!(neuron(&[], &[], 2.0).unwrap(), 2.0);
}

#[test]
fn different_lengths_are_a_shape_error_naming_both() {
    match neuron(&[1.0, 2.0, 3.0], &[1.0, 2.0], 0.0) {
        Err(Error::Shape(message)) => {
            assert!(
                message.contains('3') && message.contains('2'),
                "the message should give both lengths: {message}"
            );
        }
        other => panic!("expected a shape error, got {other:?}"),
    }
}
