//! # Exercise 36: the training loop (worked solution)
//!
//! One function per idea: `train_batch` is the four steps for one minibatch, `fit` walks the
//! epochs and batches. The step and the zeroing are exercise 34's.

use foundations::backprop::Module;
use foundations::cross_entropy::{accuracy, cross_entropy, cross_entropy_grad};
use foundations::training::Sequential;
use foundations::{Error, Result};
use ndarray::{Array2, s};

use super::sgd_step::{sgd_step, zero_grad};

/// Forward, loss, backward, step and zero on one batch; returns the batch's loss and accuracy.
fn train_batch(
    model: &mut Sequential<f32>,
    batch: Array2<f32>,
    labels: &[usize],
    lr: f32,
) -> Result<(f64, f64)> {
    let logits = model.forward(batch)?;
    let loss = cross_entropy(&logits, labels)?;
    model.backward(&cross_entropy_grad(&logits, labels)?)?; // every p.g filled
    sgd_step(model, lr); // p -= lr · p.g
    zero_grad(model); // ready for the next batch
    Ok((f64::from(loss), accuracy(&logits, labels)?))
}

/// Trains `model` for `epochs` epochs of in-order minibatches; returns each epoch's last-batch
/// `(loss, accuracy)`.
pub fn fit(
    model: &mut Sequential<f32>,
    x: &Array2<f32>,
    y: &[usize],
    epochs: usize,
    batch_size: usize,
    lr: f32,
) -> Result<Vec<(f64, f64)>> {
    let n = x.nrows();
    if batch_size == 0 || n == 0 || y.len() != n {
        return Err(Error::Invalid(format!(
            "fit: {n} rows, {} labels, batch size {batch_size}; expected one label per row, \
             at least one row and a batch size of at least 1",
            y.len()
        )));
    }
    let mut history = Vec::with_capacity(epochs);
    for _ in 0..epochs {
        let mut last = (f64::NAN, f64::NAN);
        for start in (0..n).step_by(batch_size) {
            let end = (start + batch_size).min(n);
            let batch = x.slice(s![start..end, ..]).to_owned();
            last = train_batch(model, batch, &y[start..end], lr)?;
        }
        history.push(last);
    }
    Ok(history)
}
