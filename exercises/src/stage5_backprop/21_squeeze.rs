//! # Exercise 21: squeeze, and why its argument matters
//!
//! The chapter's model outputs one number per sample as an `(n, 1)` column, while the targets
//! are a plain `(n,)` vector. Subtracting them directly broadcasts `(n, 1) - (n,)` into an
//! `(n, n)` table of every prediction minus every target: no error, just a wrong loss. The
//! fix is to *squeeze* the column into `(n,)` first.
//!
//! `squeeze()` without an argument removes **every** axis of length 1. With a batch of one
//! sample, `(1, 1)` then becomes a rank-0 value instead of `(1,)`. Naming the axis,
//! `squeeze(1)` or `squeeze(-1)`, removes only the one we mean.
//!
//! Write both kinds, then an MSE that uses `squeeze_axis` on the prediction. `squeeze_axis` fails
//! with `foundations::Error::Invalid` for an axis that does not exist and with
//! `foundations::Error::Shape` for an axis whose length is not 1.

use foundations::Result;
use ndarray::{Array1, Array2, ArrayD};

/// `a` with every length-1 axis removed (PyTorch's `squeeze()`).
pub fn squeeze_all(a: ArrayD<f32>) -> ArrayD<f32> {
    todo!("remove each axis of length 1")
}

/// `a` with axis `axis` removed; that axis must exist and have length 1 (`squeeze(axis)`).
pub fn squeeze_axis(a: ArrayD<f32>, axis: usize) -> Result<ArrayD<f32>> {
    todo!("check, then remove one axis")
}

/// `mean_i (pred[i, 0] - target[i])²` with `pred: (n, 1)` squeezed to `(n,)` first.
pub fn mse(pred: &Array2<f32>, target: &Array1<f32>) -> Result<f32> {
    todo!("squeeze axis 1 of pred, check the lengths, average the squared differences")
}
