//! # Exercise 35: minibatches, in order or shuffled
//!
//! An epoch visits every training sample once, a minibatch at a time. A *sampler* decides the
//! order: in order for validation, shuffled afresh every epoch for training, so that batches
//! differ from one epoch to the next. Each batch is then a list of sample indices (a dataset
//! turns it into arrays with `Dataset::batch`).
//!
//! Write the sampler: start from `0, 1, …, n-1`; when a generator is given, shuffle that list
//! with `rand::seq::SliceRandom::shuffle`; then cut it into batches of `batch_size` (the last
//! one may be smaller). `batch_size == 0` is a `foundations::Error::Invalid`. Do not use
//! `foundations::training::DataLoader`, though the tests check you against it.

use foundations::Result;
use foundations::init::Rng;

/// The indices `0..n` in batches of `batch_size`, shuffled first when `shuffle` is given.
pub fn batch_indices(
    n: usize,
    batch_size: usize,
    shuffle: Option<&mut Rng>,
) -> Result<Vec<Vec<usize>>> {
    todo!("order, maybe shuffle, then chunk")
}
