//! Stage 4 acceptance: init formulas and the deep-stack experiment.

use foundations::backprop::relu;
use foundations::init::{
    Activation, LayerStats, WeightScale, deep_stack, gain, kaiming_normal, kaiming_uniform,
    layer_output_stats, randn, relu_second_moment_ratio, rng, uniform, xavier_normal,
    xavier_uniform,
};
use ndarray::{Array2, array};

const SEEDS: u64 = 20;

fn final_std(scale: WeightScale, act: Activation, seed: u64) -> f64 {
    let stats = deep_stack(seed, 50, 200, 100, scale, act);
    assert_eq!(stats.len(), 50);
    stats[49].std
}

fn max_abs(x: &Array2<f64>) -> f64 {
    x.iter().fold(0.0, |m, v| m.max(v.abs()))
}

#[test]
fn same_seed_same_numbers_different_seed_different_numbers() {
    let a = randn::<f64>(&mut rng(7), 3, 4);
    assert_eq!(a, randn::<f64>(&mut rng(7), 3, 4));
    assert_ne!(a, randn::<f64>(&mut rng(8), 3, 4));
    // f32 draws are the f64 draws rounded.
    assert_eq!(a.mapv(|v| v as f32), randn::<f32>(&mut rng(7), 3, 4));
}

#[test]
fn randn_is_standard_normal_and_uniform_stays_in_range() {
    let x = LayerStats::of(&randn::<f64>(&mut rng(1), 500, 400));
    assert!(x.mean.abs() < 0.01 && (x.std - 1.0).abs() < 0.01, "{x:?}");
    let u = uniform::<f64>(&mut rng(2), 500, 400, -2.0, 6.0);
    assert!(u.iter().all(|&v| (-2.0..6.0).contains(&v)));
    let s = LayerStats::of(&u);
    // U[a, b]: mean (a + b) / 2 = 2, std (b - a) / sqrt(12)
    assert!((s.mean - 2.0).abs() < 0.02, "{s:?}");
    assert!((s.std - 8.0 / 12f64.sqrt()).abs() < 0.02, "{s:?}");
}

#[test]
fn gain_matches_the_leaky_relu_formula() {
    assert!((gain(0.0) - 2f64.sqrt()).abs() < 1e-12);
    assert!((gain(5f64.sqrt()) - (1.0f64 / 3.0).sqrt()).abs() < 1e-12);
    assert!((gain(1.0) - 1.0).abs() < 1e-12);
}

#[test]
fn xavier_std_and_bound_match_the_formulas() {
    let (fan_in, fan_out) = (300, 500);
    let std = (2.0 / 800.0f64).sqrt();
    let normal = xavier_normal::<f64>(&mut rng(3), fan_in, fan_out);
    assert_eq!(normal.dim(), (fan_in, fan_out));
    let s = LayerStats::of(&normal);
    assert!((s.std / std - 1.0).abs() < 0.01, "{s:?} vs {std}");
    assert!(s.mean.abs() < 0.01 * std * 10.0);

    let bound = (6.0 / 800.0f64).sqrt();
    let flat = xavier_uniform::<f64>(&mut rng(4), fan_in, fan_out);
    assert!(max_abs(&flat) <= bound && max_abs(&flat) > 0.99 * bound);
    assert!((LayerStats::of(&flat).std / std - 1.0).abs() < 0.01);
}

#[test]
fn kaiming_std_and_bound_match_the_formulas() {
    let (fan_in, fan_out) = (400, 300);
    let relu_std = 2f64.sqrt() / 20.0;
    let s = LayerStats::of(&kaiming_normal::<f64>(&mut rng(5), fan_in, fan_out, 0.0));
    assert!((s.std / relu_std - 1.0).abs() < 0.01, "{s:?} vs {relu_std}");

    // PyTorch's nn.Linear default: a = sqrt(5), bound = sqrt(3) * sqrt(1/3) / sqrt(fan_in) = 1/20.
    let flat = kaiming_uniform::<f64>(&mut rng(6), fan_in, fan_out, 5f64.sqrt());
    assert_eq!(flat.dim(), (fan_in, fan_out));
    let bound = 1.0 / 20.0;
    assert!(max_abs(&flat) <= bound && max_abs(&flat) > 0.99 * bound);
    let std = (1.0f64 / 3.0).sqrt() / 20.0;
    assert!((LayerStats::of(&flat).std / std - 1.0).abs() < 0.01);
}

#[test]
fn relu_zeroes_negatives_and_halves_the_second_moment() {
    assert_eq!(
        relu(&array![[-1.0f32, 0.0, 2.5], [3.0, -0.1, 1.0]]),
        array![[0.0f32, 0.0, 2.5], [3.0, 0.0, 1.0]]
    );
    let ratio = relu_second_moment_ratio(9, 200_000);
    assert!((ratio - 0.5).abs() < 0.01, "ratio {ratio}");
}

#[test]
fn layer_stats_are_population_mean_and_std() {
    let s = LayerStats::of(&array![[1.0f32, 2.0], [3.0, 6.0]]);
    assert_eq!(s.mean, 3.0);
    assert!((s.std - 3.5f64.sqrt()).abs() < 1e-12);
}

#[test]
fn layer_output_stats_applies_the_layer_and_checks_shapes() {
    let x = array![[1.0f64, -2.0], [0.5, 1.0]];
    let w = array![[1.0f64, 0.0, 2.0], [1.0, 1.0, 0.0]];
    // x @ w = [[-1, -2, 2], [1.5, 1, 1]]
    let linear = layer_output_stats(&x, &w, Activation::Identity).unwrap();
    assert!((linear.mean - 2.5 / 6.0).abs() < 1e-12);
    let rectified = layer_output_stats(&x, &w, Activation::Relu).unwrap();
    assert!((rectified.mean - 5.5 / 6.0).abs() < 1e-12);
    let err = layer_output_stats(&w, &x, Activation::Relu).unwrap_err();
    assert!(err.to_string().contains("[2, 3]"), "{err}");
}

#[test]
fn kaiming_scale_keeps_one_layer_near_unit_second_moment() {
    // After relu(x @ w) with Kaiming weights, mean(x²) stays ~1 (std ~0.58, mean ~0.56).
    let x = randn::<f64>(&mut rng(11), 2000, 256);
    let w = kaiming_normal::<f64>(&mut rng(12), 256, 256, 0.0);
    let s = layer_output_stats(&x, &w, Activation::Relu).unwrap();
    let second_moment = s.std * s.std + s.mean * s.mean;
    assert!((second_moment - 1.0).abs() < 0.1, "{s:?}");
}

#[test]
fn unit_scale_explodes_without_activation() {
    for seed in 0..SEEDS {
        let std = final_std(WeightScale::Constant(1.0), Activation::Identity, seed);
        assert!(!std.is_finite() || std > 1e10, "seed {seed}: std {std}");
    }
}

#[test]
fn tiny_scale_vanishes_without_activation() {
    for seed in 0..SEEDS {
        let std = final_std(WeightScale::Constant(0.01), Activation::Identity, seed);
        assert!(std < 1e-10, "seed {seed}: std {std}");
    }
}

#[test]
fn kaiming_scale_survives_fifty_relu_layers() {
    let mut stds: Vec<f64> = (0..SEEDS)
        .map(|seed| final_std(WeightScale::Kaiming, Activation::Relu, seed))
        .collect();
    for (seed, std) in stds.iter().enumerate() {
        assert!(
            std.is_finite() && (0.05..=20.0).contains(std),
            "seed {seed}: {std}"
        );
    }
    stds.sort_by(f64::total_cmp);
    let median = (stds[9] + stds[10]) / 2.0;
    println!(
        "kaiming+relu final std over {SEEDS} seeds: min {:.3}, median {median:.3}, max {:.3}",
        stds[0], stds[19]
    );
    assert!((0.2..=2.0).contains(&median), "median {median}");
}

#[test]
fn inverse_sqrt_fan_in_without_gain_shrinks_relu_activations() {
    // Without Kaiming's factor 2, each ReLU layer halves the second moment: 50 layers lose ~2^-50.
    for seed in 0..3 {
        let std = final_std(WeightScale::InvSqrtFanIn, Activation::Relu, seed);
        assert!(std < 1e-5, "seed {seed}: {std}");
    }
}

#[test]
fn shifted_relu_moves_the_mean_down_by_half() {
    let plain = deep_stack(3, 1, 200, 100, WeightScale::Kaiming, Activation::Relu)[0];
    let shifted = deep_stack(
        3,
        1,
        200,
        100,
        WeightScale::Kaiming,
        Activation::ShiftedRelu,
    )[0];
    assert!(
        (shifted.mean - (plain.mean - 0.5)).abs() < 1e-5,
        "{plain:?} {shifted:?}"
    );
    assert!((shifted.std - plain.std).abs() < 1e-5);
}

#[test]
fn weight_scale_factors_follow_their_formulas() {
    assert_eq!(WeightScale::Constant(0.3).factor(100, 50), 0.3);
    assert!((WeightScale::InvSqrtFanIn.factor(100, 50) - 0.1).abs() < 1e-12);
    assert!((WeightScale::Xavier.factor(100, 50) - (2.0f64 / 150.0).sqrt()).abs() < 1e-12);
    assert!((WeightScale::Kaiming.factor(100, 50) - (0.02f64).sqrt()).abs() < 1e-12);
}
