//! # Exercise 36: the training loop
//!
//! Everything comes together. For each epoch, walk through the training set in order, a
//! minibatch of `batch_size` rows at a time (the last one may be smaller), and for each batch:
//!
//! 1. forward: `logits = model.forward(batch)`;
//! 2. the loss, `cross_entropy(logits, labels)`, and its gradient with respect to the logits,
//!    `cross_entropy_grad(logits, labels)`;
//! 3. backward: `model.backward(gradient)` fills every parameter's gradient;
//! 4. an SGD step with learning rate `lr`, then zero the gradients.
//!
//! Report, for every epoch, the loss and the accuracy of its **last** batch, as the chapter's
//! first loop does. Use the library's loss functions and `Module` methods (or your exercises
//! 31 to 34), but not `fit_basic`, `train_step` or `Learner`. Return a
//! `foundations::Error::Invalid` for a batch size of 0, no rows, or not one label per row.

use foundations::Result;
use foundations::training::Sequential;
use ndarray::Array2;

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
    todo!("epochs, batches, forward, loss, backward, step, zero")
}
