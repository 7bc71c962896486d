//! Tests for exercise 19. Run them with `cargo run -p exercises -- run activation_drift`.

use foundations::init::{Activation, WeightScale, deep_stack};

use super::activation_drift::{first_drifted_layer, layer_stds};

const LAYERS: usize = 50;
const BATCH: usize = 64;
const WIDTH: usize = 100;

#[test]
fn matches_the_library_experiment() {
    for scale in [0.05f32, 0.1, 0.2] {
        let yours = layer_stds(1, LAYERS, BATCH, WIDTH, scale);
        let reference = deep_stack(
            1,
            LAYERS,
            BATCH,
            WIDTH,
            WeightScale::Constant(f64::from(scale)),
            Activation::Identity,
        );
        assert_eq!(yours.len(), LAYERS);
        for (layer, (y, r)) in yours.iter().zip(&reference).enumerate() {
            let r = r.std as f32;
            assert!(
                (y - r).abs() <= 1e-3 * r.abs().max(1e-30),
                "scale {scale}, layer {layer}: {y} vs {r}"
            );
        }
    }
}

#[test]
fn unit_weights_explode() {
    let stds = layer_stds(2, LAYERS, BATCH, WIDTH, 1.0);
    assert!(!stds[LAYERS - 1].is_finite(), "{:?}", &stds[LAYERS - 5..]);
    let drifted = first_drifted_layer(&stds, 10.0);
    assert!(drifted.is_some_and(|layer| layer < 3), "{drifted:?}");
}

#[test]
fn small_weights_vanish() {
    let stds = layer_stds(3, LAYERS, BATCH, WIDTH, 0.01);
    assert!(stds[LAYERS - 1] < 1e-30, "{}", stds[LAYERS - 1]);
    assert_eq!(first_drifted_layer(&stds, 10.0), Some(0));
}

#[test]
fn one_over_sqrt_width_stays_near_1() {
    let stds = layer_stds(4, LAYERS, BATCH, WIDTH, 1.0 / (WIDTH as f32).sqrt());
    assert_eq!(first_drifted_layer(&stds, 10.0), None, "{stds:?}");
}

#[test]
fn drift_detection_on_hand_made_lists() {
    assert_eq!(first_drifted_layer(&[1.0, 2.0, 0.5], 4.0), None);
    assert_eq!(first_drifted_layer(&[1.0, 5.0, 0.5], 4.0), Some(1));
    assert_eq!(first_drifted_layer(&[1.0, 1.0, 0.2], 4.0), Some(2));
    assert_eq!(first_drifted_layer(&[1.0, f32::NAN], 4.0), Some(1));
    assert_eq!(first_drifted_layer(&[f32::INFINITY], 4.0), Some(0));
}
