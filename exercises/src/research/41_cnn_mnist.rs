//! # Exercise 41: a small CNN trained on MNIST
//!
//! Put exercise 40's `Conv2d` to work. `cnn` builds, as a library `Sequential`:
//!
//! 1. `Conv2d` from `(1, 28, 28)` images to 8 channels, 5×5 kernel, stride 2, padding 2 (→ 14×14);
//! 2. `Relu`;
//! 3. `Conv2d` from `(8, 14, 14)` to 16 channels, 3×3 kernel, stride 2, padding 1 (→ 7×7);
//! 4. `Relu`;
//! 5. a library `Lin` from the `16·7·7 = 784` features to 10 classes, with weights and biases
//!    drawn uniformly from `[-1/sqrt(784), 1/sqrt(784))` (`foundations::init::uniform`).
//!
//! Seed each random layer differently (e.g. `seed`, `seed + 1`, `seed + 2`).
//!
//! `train_cnn` normalises the images with the training set's mean and std (both sets), wraps
//! them in `Dataset`s, and trains with the library's `Learner`: a training `DataLoader` of
//! batches of 64, shuffled with `seed`, a validation loader in order, and `Sgd` with learning
//! rate `lr`. It returns the `EpochStats` of every epoch (print them as they come, so a long run
//! shows progress). The test expects at least 0.90 validation accuracy on `mnist10k` after two
//! epochs.

use foundations::Result;
use foundations::data::Mnist;
use foundations::training::{EpochStats, Sequential};

/// Conv(1→8, 5×5, /2) → ReLU → Conv(8→16, 3×3, /2) → ReLU → Lin(784→10).
pub fn cnn(seed: u64) -> Result<Sequential<f32>> {
    todo!("five layers in a Sequential")
}

/// Trains `cnn(seed)` on `mnist` for `epochs` epochs with learning rate `lr`.
pub fn train_cnn(mnist: &Mnist, epochs: usize, lr: f32, seed: u64) -> Result<Vec<EpochStats>> {
    todo!("normalise, datasets, loaders, Learner::fit")
}
