//! Datasets and data loaders: which samples go into each batch, and in what order.

use std::sync::Arc;

use ndarray::{Array1, Array2, Axis};
use rand::seq::SliceRandom;

use crate::error::{Error, Result};
use crate::init::{self, Rng};
use crate::tensor::Float;

/// Inputs `x` (one sample per row) and their class labels `y`.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset<A> {
    x: Array2<A>,
    y: Array1<usize>,
}

/// A minibatch: the selected rows of `x` and their labels, in the same order.
#[derive(Clone, Debug, PartialEq)]
pub struct Batch<A> {
    /// `(batch size, features)`.
    pub x: Array2<A>,
    /// One label per row of `x`.
    pub y: Vec<usize>,
}

impl<A: Float> Dataset<A> {
    /// A dataset; fails unless there is exactly one label per row of `x`.
    pub fn new(x: Array2<A>, y: Array1<usize>) -> Result<Self> {
        if x.nrows() != y.len() {
            return Err(Error::Shape(format!(
                "Dataset::new: {} rows of x but {} labels; expected one label per row",
                x.nrows(),
                y.len()
            )));
        }
        Ok(Dataset { x, y })
    }

    /// The number of samples.
    pub fn len(&self) -> usize {
        self.y.len()
    }

    /// True when there are no samples.
    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    /// The inputs, one sample per row.
    pub fn x(&self) -> &Array2<A> {
        &self.x
    }

    /// The labels.
    pub fn y(&self) -> &Array1<usize> {
        &self.y
    }

    /// The batch made of the samples at `indices`, in that order (the chapter's `collate`).
    pub fn batch(&self, indices: &[usize]) -> Result<Batch<A>> {
        match indices.iter().find(|&&i| i >= self.len()) {
            Some(i) => Err(Error::Invalid(format!(
                "Dataset::batch: index {i}; expected indices below {}",
                self.len()
            ))),
            None => Ok(self.collate(indices)),
        }
    }

    /// Gathers rows and labels; every index must be in range.
    fn collate(&self, indices: &[usize]) -> Batch<A> {
        Batch {
            x: self.x.select(Axis(0), indices),
            y: indices.iter().map(|&i| self.y[i]).collect(),
        }
    }
}

/// Splits a dataset into batches of `batch_size` samples (the last one may be smaller), either in
/// order or, with a seed, in a new random order every epoch.
///
/// The dataset is shared, not borrowed: several loaders (say, one shuffled and one in order) can
/// read the same `Arc<Dataset>` without copying it, and a loader is an ordinary value that a
/// notebook keeps from one cell to the next.
#[derive(Clone, Debug)]
pub struct DataLoader<A> {
    dataset: Arc<Dataset<A>>,
    batch_size: usize,
    shuffler: Option<Rng>,
}

impl<A: Float> DataLoader<A> {
    /// A loader over `dataset`; `shuffle_seed: Some(seed)` reshuffles every epoch from a generator
    /// seeded once here, so the same seed gives the same sequence of epochs. Fails for
    /// `batch_size == 0`.
    ///
    /// `dataset` is a `Dataset` (moved in) or an `Arc<Dataset>` (shared with other loaders).
    pub fn new(
        dataset: impl Into<Arc<Dataset<A>>>,
        batch_size: usize,
        shuffle_seed: Option<u64>,
    ) -> Result<Self> {
        if batch_size == 0 {
            return Err(Error::Invalid(
                "DataLoader::new: batch size 0; expected at least 1".to_string(),
            ));
        }
        Ok(DataLoader {
            dataset: dataset.into(),
            batch_size,
            shuffler: shuffle_seed.map(init::rng),
        })
    }

    /// The dataset this loader reads.
    pub fn dataset(&self) -> &Arc<Dataset<A>> {
        &self.dataset
    }

    /// The number of batches per epoch, `ceil(len / batch_size)`.
    pub fn len(&self) -> usize {
        self.dataset.len().div_ceil(self.batch_size)
    }

    /// True when an epoch has no batches.
    pub fn is_empty(&self) -> bool {
        self.dataset.is_empty()
    }

    // ANCHOR: sampler
    /// The sample order for the next epoch (the sampler): `0, 1, …, n-1`, shuffled if seeded.
    pub fn epoch_order(&mut self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.dataset.len()).collect();
        if let Some(rng) = self.shuffler.as_mut() {
            order.shuffle(rng);
        }
        order
    }

    /// One epoch of batches: the next [`epoch_order`](Self::epoch_order) cut into chunks of
    /// `batch_size`, each collated into a [`Batch`].
    pub fn batches(&mut self) -> impl Iterator<Item = Batch<A>> + use<A> {
        let order = self.epoch_order();
        let (dataset, batch_size) = (Arc::clone(&self.dataset), self.batch_size);
        (0..self.len()).map(move |b| {
            let end = ((b + 1) * batch_size).min(order.len());
            dataset.collate(&order[b * batch_size..end])
        })
    }
    // ANCHOR_END: sampler
}
