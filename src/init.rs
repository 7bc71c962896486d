//! Stage 4: initialisation — seeded random weights, Xavier and Kaiming init, and the deep-stack
//! experiment that shows why the scale of the initial weights matters.
//!
//! Weights have shape `(fan_in, fan_out)`, so a layer computes `x @ w` exactly as in the chapter.
//! Every random number in the crate comes from an [`Rng`] made by [`rng`] with an explicit seed.

use ndarray::Array2;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rand_distr::StandardNormal;

use crate::backprop::relu;
use crate::error::{Result, shape_error};
use crate::tensor::Float;

/// The crate's one random number generator type: fast, small and reproducible from a seed.
pub type Rng = Xoshiro256PlusPlus;

/// A generator seeded with `seed`; the same seed always gives the same numbers.
pub fn rng(seed: u64) -> Rng {
    Rng::seed_from_u64(seed)
}

/// A `(rows, cols)` matrix of independent standard normal draws, `x ~ N(0, 1)`.
///
/// Draws are made in `f64` and rounded, so `f32` and `f64` matrices from the same seed agree.
pub fn randn<A: Float>(rng: &mut Rng, rows: usize, cols: usize) -> Array2<A> {
    Array2::from_shape_simple_fn((rows, cols), || {
        A::lit(rng.sample::<f64, _>(StandardNormal))
    })
}

/// A `(rows, cols)` matrix of independent uniform draws from `[low, high)`.
pub fn uniform<A: Float>(
    rng: &mut Rng,
    rows: usize,
    cols: usize,
    low: f64,
    high: f64,
) -> Array2<A> {
    Array2::from_shape_simple_fn((rows, cols), || {
        // x = low + (high - low) * u, with u ~ U[0, 1)
        A::lit(low + (high - low) * rng.random::<f64>())
    })
}

// ANCHOR: init_scales
/// The gain that keeps the second moment of a leaky ReLU with negative slope `a` at 1:
/// `gain(a) = sqrt(2 / (1 + a²))`. Plain ReLU (`a = 0`) gives `sqrt(2)`.
pub fn gain(a: f64) -> f64 {
    (2.0 / (1.0 + a * a)).sqrt()
}

/// The standard deviation Xavier (Glorot) init uses: `std = sqrt(2 / (fan_in + fan_out))`.
fn xavier_std(fan_in: usize, fan_out: usize) -> f64 {
    (2.0 / (fan_in + fan_out) as f64).sqrt()
}

/// The standard deviation Kaiming (He) init uses: `std = gain(a) / sqrt(fan_in)`.
fn kaiming_std(fan_in: usize, a: f64) -> f64 {
    gain(a) / (fan_in as f64).sqrt()
}
// ANCHOR_END: init_scales

/// Normal draws with a given standard deviation: `w = std * randn`.
fn scaled_normal<A: Float>(rng: &mut Rng, fan_in: usize, fan_out: usize, std: f64) -> Array2<A> {
    randn::<A>(rng, fan_in, fan_out) * A::lit(std)
}

/// Uniform draws with the same standard deviation as `std * randn`: `bound = sqrt(3) * std`,
/// because `U[-b, b]` has variance `b² / 3`.
fn scaled_uniform<A: Float>(rng: &mut Rng, fan_in: usize, fan_out: usize, std: f64) -> Array2<A> {
    let bound = 3f64.sqrt() * std;
    uniform(rng, fan_in, fan_out, -bound, bound)
}

/// Xavier normal weights of shape `(fan_in, fan_out)`: `w ~ N(0, 2 / (fan_in + fan_out))`.
pub fn xavier_normal<A: Float>(rng: &mut Rng, fan_in: usize, fan_out: usize) -> Array2<A> {
    scaled_normal(rng, fan_in, fan_out, xavier_std(fan_in, fan_out))
}

/// Xavier uniform weights of shape `(fan_in, fan_out)`:
/// `w ~ U[-b, b]` with `b = sqrt(6 / (fan_in + fan_out))`.
pub fn xavier_uniform<A: Float>(rng: &mut Rng, fan_in: usize, fan_out: usize) -> Array2<A> {
    scaled_uniform(rng, fan_in, fan_out, xavier_std(fan_in, fan_out))
}

/// Kaiming normal weights of shape `(fan_in, fan_out)` for a leaky ReLU with slope `a`:
/// `w ~ N(0, std²)` with `std = gain(a) / sqrt(fan_in)`.
pub fn kaiming_normal<A: Float>(rng: &mut Rng, fan_in: usize, fan_out: usize, a: f64) -> Array2<A> {
    scaled_normal(rng, fan_in, fan_out, kaiming_std(fan_in, a))
}

/// Kaiming uniform weights of shape `(fan_in, fan_out)` for a leaky ReLU with slope `a`:
/// `w ~ U[-b, b]` with `b = sqrt(3) * gain(a) / sqrt(fan_in)`.
///
/// With `a = sqrt(5)` this is PyTorch's default for `nn.Linear`, whose gain is only `sqrt(1/3)`.
pub fn kaiming_uniform<A: Float>(
    rng: &mut Rng,
    fan_in: usize,
    fan_out: usize,
    a: f64,
) -> Array2<A> {
    scaled_uniform(rng, fan_in, fan_out, kaiming_std(fan_in, a))
}

// ANCHOR: layer_stats
/// Mean and standard deviation of every element of a layer's output.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayerStats {
    /// `mean = sum(x) / n`
    pub mean: f64,
    /// `std = sqrt(sum((x - mean)²) / n)` (population std, as numpy's `x.std()`).
    pub std: f64,
}

impl LayerStats {
    /// The statistics of all elements of `x`, computed in `f64`. An empty array gives NaN.
    pub fn of<A: Float>(x: &Array2<A>) -> LayerStats {
        let n = x.len() as f64;
        let values = || x.iter().map(|v| v.to_f64().unwrap_or(f64::NAN));
        let mean = values().sum::<f64>() / n;
        let var = values().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        LayerStats {
            mean,
            std: var.sqrt(),
        }
    }
}
// ANCHOR_END: layer_stats

// ANCHOR: weight_scale
/// How the deep-stack experiment scales its `randn` weights.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WeightScale {
    /// `w = randn * c`
    Constant(f64),
    /// `w = randn / sqrt(fan_in)`
    InvSqrtFanIn,
    /// `w = randn * sqrt(2 / (fan_in + fan_out))`
    Xavier,
    /// `w = randn * sqrt(2 / fan_in)` (Kaiming for plain ReLU)
    Kaiming,
}

impl WeightScale {
    /// The factor `randn` is multiplied by for a `(fan_in, fan_out)` weight matrix.
    pub fn factor(self, fan_in: usize, fan_out: usize) -> f64 {
        match self {
            WeightScale::Constant(c) => c,
            WeightScale::InvSqrtFanIn => 1.0 / (fan_in as f64).sqrt(),
            WeightScale::Xavier => xavier_std(fan_in, fan_out),
            WeightScale::Kaiming => kaiming_std(fan_in, 0.0),
        }
    }
}
// ANCHOR_END: weight_scale

// ANCHOR: activation
/// The nonlinearity the deep-stack experiment applies after each layer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Activation {
    /// `f(x) = x`: a purely linear stack.
    Identity,
    /// `f(x) = max(x, 0)`
    Relu,
    /// `f(x) = max(x, 0) - 0.5`: ReLU moved down to bring its mean back towards 0.
    ShiftedRelu,
}

impl Activation {
    /// Applies the activation to every element of `x`.
    pub fn apply<A: Float>(self, x: Array2<A>) -> Array2<A> {
        match self {
            Activation::Identity => x,
            Activation::Relu => relu(&x),
            Activation::ShiftedRelu => relu(&x) - A::lit(0.5),
        }
    }
}
// ANCHOR_END: activation

/// The deep-stack experiment: how the scale of the weights decides whether activations survive
/// many layers.
///
/// `x = randn(batch, width)`, then `layers` times `x = act(x @ (randn(width, width) * scale))`,
/// in `f32` like the chapter. Returns the mean and std of `x` after each layer. Overflow is not
/// an error here: infinities and NaNs are exactly what a bad scale produces, so they are recorded.
// ANCHOR: deep_stack
pub fn deep_stack(
    seed: u64,
    layers: usize,
    batch: usize,
    width: usize,
    scale: WeightScale,
    act: Activation,
) -> Vec<LayerStats> {
    let mut rng = rng(seed);
    let factor = scale.factor(width, width) as f32;
    let mut x = randn::<f32>(&mut rng, batch, width);
    (0..layers)
        .map(|_| {
            let w = randn::<f32>(&mut rng, width, width) * factor;
            x = act.apply(x.dot(&w));
            LayerStats::of(&x)
        })
        .collect()
}
// ANCHOR_END: deep_stack

/// The statistics of one layer's output `act(x @ w)`, e.g. the first layer applied to
/// normalised MNIST. Fails with a shape error if `x` has not as many columns as `w` has rows.
// ANCHOR: layer_output_stats
pub fn layer_output_stats<A: Float>(
    x: &Array2<A>,
    w: &Array2<A>,
    act: Activation,
) -> Result<LayerStats> {
    if x.ncols() != w.nrows() {
        return Err(shape_error(
            "layer_output_stats",
            x.shape(),
            w.shape(),
            "x: (n, k) and w: (k, m)",
        ));
    }
    Ok(LayerStats::of(&act.apply(x.dot(w))))
}
// ANCHOR_END: layer_output_stats

/// "ReLU halves the variance": for `x ~ N(0, 1)` returns `mean(relu(x)²) / mean(x²)`, which
/// tends to `1/2` because ReLU zeroes the negative half of a symmetric distribution.
/// This lost half is why Kaiming init multiplies the variance by `gain(0)² = 2`.
pub fn relu_second_moment_ratio(seed: u64, samples: usize) -> f64 {
    let x = randn::<f64>(&mut rng(seed), 1, samples);
    let before: f64 = x.iter().map(|v| v * v).sum(); // sum(x²)
    let after: f64 = relu(&x).iter().map(|v| v * v).sum(); // sum(relu(x)²)
    after / before
}
