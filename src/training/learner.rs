//! The training loop: first the chapter's bare version, then the one built from the refactored
//! pieces, with validation and per-epoch statistics.

use std::fmt;

use ndarray::{Array1, Array2, s};

use super::hooks::{Hook, NoHook};
use super::loader::DataLoader;
use super::sequential::{Sequential, Sgd};
use crate::backprop::Module;
use crate::cross_entropy::{accuracy, cross_entropy, cross_entropy_grad};
use crate::error::{Error, Result};
use crate::tensor::Float;

/// The chapter's batch size.
pub const DEFAULT_BATCH_SIZE: usize = 64;
/// The chapter's learning rate.
pub const DEFAULT_LR: f64 = 0.5;

/// One optimisation step on one batch: forward (showing each layer's output to `hook`),
/// `loss = cross_entropy(model(x), y)`, backward from `∂loss/∂logits = (softmax - onehot) / n`,
/// `opt.step()` and `opt.zero_grad()`. Returns the loss and the logits.
pub fn train_step<A: Float>(
    model: &mut Sequential<A>,
    opt: &Sgd<A>,
    x: Array2<A>,
    y: &[usize],
    hook: &mut dyn Hook<A>,
) -> Result<(f64, Array2<A>)> {
    let logits = model.forward_hooked(x, hook)?;
    let loss = cross_entropy(&logits, y)?;
    model.backward(&cross_entropy_grad(&logits, y)?)?;
    opt.step(model);
    opt.zero_grad(model);
    Ok((to_f64(loss), logits))
}

/// A float as `f64`, for statistics (NaN if it cannot be represented).
fn to_f64<A: Float>(x: A) -> f64 {
    x.to_f64().unwrap_or(f64::NAN)
}

/// The chapter's first training loop: for each epoch, walk through `x` and `y` in order in
/// slices of `batch_size` rows and take one SGD step with learning rate `lr` on each (see
/// [`train_step`]). Returns, per epoch, the loss and accuracy of its last batch, which is what the
/// chapter reports.
pub fn fit_basic<A: Float>(
    model: &mut Sequential<A>,
    x: &Array2<A>,
    y: &Array1<usize>,
    epochs: usize,
    batch_size: usize,
    lr: A,
) -> Result<Vec<(f64, f64)>> {
    if x.nrows() != y.len() || x.nrows() == 0 || batch_size == 0 {
        return Err(Error::Invalid(format!(
            "fit_basic: {} rows, {} labels, batch size {batch_size}; expected one label per row, \
             at least one row and a batch size of at least 1",
            x.nrows(),
            y.len()
        )));
    }
    let opt = Sgd::new(lr);
    let mut reports = Vec::with_capacity(epochs);
    for _ in 0..epochs {
        let mut last = (f64::NAN, f64::NAN);
        for start in (0..x.nrows()).step_by(batch_size) {
            let end = (start + batch_size).min(x.nrows());
            let labels = y.slice(s![start..end]).to_vec();
            let batch = x.slice(s![start..end, ..]).to_owned();
            let (loss, logits) = train_step(model, &opt, batch, &labels, &mut NoHook)?;
            last = (loss, accuracy(&logits, &labels)?);
        }
        reports.push(last);
    }
    Ok(reports)
}

/// What one epoch of [`Learner::fit`] achieved. `Display` prints it as one progress line.
#[derive(Clone, Debug, PartialEq)]
pub struct EpochStats {
    /// The epoch number, from 0.
    pub epoch: usize,
    /// Mean training loss over the epoch, each batch weighted by its size.
    pub train_loss: f64,
    /// Mean validation loss after the epoch, each batch weighted by its size.
    pub valid_loss: f64,
    /// Validation accuracy after the epoch, each batch weighted by its size.
    pub valid_accuracy: f64,
}

impl fmt::Display for EpochStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "epoch {}: train loss {:.4} | valid loss {:.4} | valid accuracy {:.4}",
            self.epoch, self.train_loss, self.valid_loss, self.valid_accuracy
        )
    }
}

/// A model, its optimizer and the loaders for training and validation: everything `fit` needs.
pub struct Learner<'d, A: Float> {
    /// The model being trained.
    pub model: Sequential<A>,
    /// The optimizer.
    pub opt: Sgd<A>,
    /// Batches to train on (usually shuffled).
    pub train: DataLoader<'d, A>,
    /// Batches to validate on (usually in order, often larger).
    pub valid: DataLoader<'d, A>,
}

impl<'d, A: Float> Learner<'d, A> {
    /// Puts the four pieces together; fails if either loader has no samples.
    pub fn new(
        model: Sequential<A>,
        opt: Sgd<A>,
        train: DataLoader<'d, A>,
        valid: DataLoader<'d, A>,
    ) -> Result<Self> {
        if train.is_empty() || valid.is_empty() {
            return Err(Error::Invalid(
                "Learner::new: empty training or validation set; expected samples in both"
                    .to_string(),
            ));
        }
        Ok(Learner {
            model,
            opt,
            train,
            valid,
        })
    }

    /// One pass over the training loader, a [`train_step`] per batch; returns the mean loss
    /// `Σ_b loss_b · n_b / Σ_b n_b`.
    pub fn train_epoch(&mut self, hook: &mut dyn Hook<A>) -> Result<f64> {
        let (mut total, mut count) = (0.0, 0usize);
        for batch in self.train.batches() {
            let n = batch.y.len();
            let (loss, _) = train_step(&mut self.model, &self.opt, batch.x, &batch.y, hook)?;
            total += loss * n as f64; // loss_b · n_b
            count += n;
        }
        Ok(total / count as f64)
    }

    /// Loss and accuracy on the validation loader without training, each the batch values
    /// weighted by batch size: `Σ_b v_b · n_b / Σ_b n_b` (the last batch may be smaller).
    pub fn evaluate(&mut self) -> Result<(f64, f64)> {
        let (mut loss_sum, mut correct_sum, mut count) = (0.0, 0.0, 0usize);
        for batch in self.valid.batches() {
            let n = batch.y.len();
            let logits = self.model.forward(batch.x)?;
            loss_sum += to_f64(cross_entropy(&logits, &batch.y)?) * n as f64;
            correct_sum += accuracy(&logits, &batch.y)? * n as f64;
            count += n;
        }
        Ok((loss_sum / count as f64, correct_sum / count as f64))
    }

    /// Trains for `epochs` epochs, validating after each; every epoch's [`EpochStats`] goes to
    /// `progress` as soon as it is known (e.g. `|s| println!("{s}")`) and all are returned.
    /// `hook` sees every layer's output on every training batch.
    pub fn fit(
        &mut self,
        epochs: usize,
        hook: &mut dyn Hook<A>,
        mut progress: impl FnMut(&EpochStats),
    ) -> Result<Vec<EpochStats>> {
        let mut history = Vec::with_capacity(epochs);
        for epoch in 0..epochs {
            let train_loss = self.train_epoch(hook)?;
            let (valid_loss, valid_accuracy) = self.evaluate()?;
            let stats = EpochStats {
                epoch,
                train_loss,
                valid_loss,
                valid_accuracy,
            };
            progress(&stats);
            history.push(stats);
        }
        Ok(history)
    }
}
