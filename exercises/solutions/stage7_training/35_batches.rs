//! # Exercise 35: minibatches, in order or shuffled (worked solution)
//!
//! Shuffling a list of indices rather than the data itself moves a few numbers instead of whole
//! images. The generator is borrowed mutably, so each call continues its sequence: the same
//! seed replays the same epochs, and successive epochs differ.

use foundations::init::Rng;
use foundations::{Error, Result};
use rand::seq::SliceRandom;

/// The indices `0..n` in batches of `batch_size`, shuffled first when `shuffle` is given.
pub fn batch_indices(
    n: usize,
    batch_size: usize,
    shuffle: Option<&mut Rng>,
) -> Result<Vec<Vec<usize>>> {
    if batch_size == 0 {
        return Err(Error::Invalid(
            "batch_indices: batch size 0; expected at least 1".to_string(),
        ));
    }
    let mut order: Vec<usize> = (0..n).collect();
    if let Some(rng) = shuffle {
        order.shuffle(rng);
    }
    Ok(order.chunks(batch_size).map(<[usize]>::to_vec).collect())
}
