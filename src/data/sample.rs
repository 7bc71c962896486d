//! Cutting small samples from a data set: the first rows of each split.

use ndarray::s;

use super::{Mnist, SPLIT_NAMES, Split};
use crate::error::{Error, Result};

/// Rows per split (train, valid, test) of the sample shipped as `data/mnist_sample.pkl.gz`.
pub const SAMPLE_ROWS: [usize; 3] = [2000, 500, 500];

impl Split {
    /// Number of examples.
    pub fn len(&self) -> usize {
        self.y.len()
    }

    /// Whether the split has no examples.
    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    /// The first `n` examples; an error if the split has fewer.
    pub fn head(&self, n: usize) -> Result<Split> {
        if n > self.len() {
            return Err(Error::Invalid(format!(
                "asked for the first {n} examples of a split that has {}",
                self.len()
            )));
        }
        Ok(Split {
            x: self.x.slice(s![..n, ..]).to_owned(),
            y: self.y.slice(s![..n]).to_owned(),
        })
    }
}

impl Mnist {
    /// The first `rows[i]` examples of train, valid and test.
    pub fn head(&self, rows: [usize; 3]) -> Result<Mnist> {
        let head = |split: &Split, n: usize, name: &str| {
            split.head(n).map_err(|e| match e {
                Error::Invalid(msg) => Error::Invalid(format!("{name}: {msg}")),
                other => other,
            })
        };
        Ok(Mnist {
            train: head(&self.train, rows[0], SPLIT_NAMES[0])?,
            valid: head(&self.valid, rows[1], SPLIT_NAMES[1])?,
            test: head(&self.test, rows[2], SPLIT_NAMES[2])?,
        })
    }
}
