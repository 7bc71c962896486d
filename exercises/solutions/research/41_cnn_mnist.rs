//! # Exercise 41: a small CNN trained on MNIST (worked solution)
//!
//! Two stride-2 convolutions shrink 28×28 to 7×7 while growing 1 channel to 16; the linear
//! head then sees 784 features, as many as the raw pixels, but features that describe local
//! shapes. About 9,000 parameters in all, against 40,000 for the chapter's 784-50-10 MLP.

use foundations::Result;
use foundations::backprop::{Lin, Module, Relu};
use foundations::data::{Mnist, Split, mean_std, normalize};
use foundations::init::{rng, uniform};
use foundations::training::{DataLoader, Dataset, EpochStats, Learner, NoHook, Sequential, Sgd};
use ndarray::Axis;

use super::conv_layer::Conv2d;

/// A `Lin` layer initialised like PyTorch's `nn.Linear`: `U[-1/sqrt(fan_in), 1/sqrt(fan_in))`.
fn linear(fan_in: usize, fan_out: usize, seed: u64) -> Result<Lin<f32>> {
    let mut r = rng(seed);
    let bound = 1.0 / (fan_in as f64).sqrt();
    let weight = uniform(&mut r, fan_in, fan_out, -bound, bound);
    let bias = uniform(&mut r, 1, fan_out, -bound, bound).remove_axis(Axis(0));
    Lin::new(weight, bias)
}

/// Conv(1→8, 5×5, /2) → ReLU → Conv(8→16, 3×3, /2) → ReLU → Lin(784→10).
pub fn cnn(seed: u64) -> Result<Sequential<f32>> {
    let layers: Vec<Box<dyn Module<f32>>> = vec![
        Box::new(Conv2d::new((1, 28, 28), 8, 5, 2, 2, seed)?), // → (8, 14, 14)
        Box::new(Relu::new()),
        Box::new(Conv2d::new((8, 14, 14), 16, 3, 2, 1, seed + 1)?), // → (16, 7, 7)
        Box::new(Relu::new()),
        Box::new(linear(16 * 7 * 7, 10, seed + 2)?),
    ];
    Ok(Sequential::new(layers))
}

/// A split as a `Dataset`, its images normalised with the given statistics.
fn dataset(split: &Split, mean: f32, std: f32) -> Result<Dataset<f32>> {
    Dataset::new(normalize(&split.x, mean, std), split.y.clone())
}

/// Trains `cnn(seed)` on `mnist` for `epochs` epochs with learning rate `lr`.
pub fn train_cnn(mnist: &Mnist, epochs: usize, lr: f32, seed: u64) -> Result<Vec<EpochStats>> {
    let (mean, std) = mean_std(&mnist.train.x); // training statistics for both sets
    let train = dataset(&mnist.train, mean, std)?;
    let valid = dataset(&mnist.valid, mean, std)?;
    let mut learner = Learner::new(
        cnn(seed)?,
        Sgd::new(lr),
        DataLoader::new(train, 64, Some(seed))?, // reshuffled every epoch
        DataLoader::new(valid, 256, None)?,
    )?;
    learner.fit(epochs, &mut NoHook, |stats| println!("{stats}"))
}
