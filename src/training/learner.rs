//! The training loop: first the chapter's bare version, then the one built from the refactored
//! pieces, with validation and per-epoch statistics.
//!
//! Training uses `f32`, and the loops here have no type parameters: they are compiled, optimised,
//! in this library, so a notebook cell (compiled at opt-level 0) that trains or times a model
//! runs optimised code. (Generic code would be compiled in the cell that uses it.)

use std::fmt;

use ndarray::{Array2, s};

use super::hooks::{Hook, NoHook};
use super::loader::DataLoader;
use super::sequential::{Sequential, Sgd};
use crate::backprop::Module;
use crate::cross_entropy::{accuracy, cross_entropy, cross_entropy_grad};
use crate::error::{Error, Result};

/// The chapter's batch size.
pub const DEFAULT_BATCH_SIZE: usize = 64;
/// The chapter's learning rate.
pub const DEFAULT_LR: f32 = 0.5;

// ANCHOR: fit_basic
/// One optimisation step on one batch: forward (showing each layer's output to `hook`),
/// `loss = cross_entropy(model(x), y)`, backward from `∂loss/∂logits = (softmax - onehot) / n`,
/// `opt.step()` and `opt.zero_grad()`. Returns the loss and the logits.
pub fn train_step(
    model: &mut Sequential<f32>,
    opt: &Sgd<f32>,
    x: Array2<f32>,
    y: &[usize],
    hook: &mut dyn Hook<f32>,
) -> Result<(f64, Array2<f32>)> {
    let logits = model.forward_hooked(x, hook)?;
    let loss = cross_entropy(&logits, y)?;
    model.backward(&cross_entropy_grad(&logits, y)?)?;
    opt.step(model);
    opt.zero_grad(model);
    Ok((f64::from(loss), logits))
}

/// The chapter's first training loop: for each epoch, walk through `x` and `y` in order in
/// slices of `batch_size` rows and take one SGD step with learning rate `lr` on each (see
/// [`train_step`]). Returns, per epoch, the loss and accuracy of its last batch, which is what the
/// chapter reports.
pub fn fit_basic(
    model: &mut Sequential<f32>,
    x: &Array2<f32>,
    y: &[usize],
    epochs: usize,
    batch_size: usize,
    lr: f32,
) -> Result<Vec<(f64, f64)>> {
    check_epoch("fit_basic", x, y, batch_size)?;
    let opt = Sgd::new(lr);
    let mut reports = Vec::with_capacity(epochs);
    for _ in 0..epochs {
        let mut last = (f64::NAN, f64::NAN);
        for start in (0..x.nrows()).step_by(batch_size) {
            let end = (start + batch_size).min(x.nrows());
            let (batch, labels) = (x.slice(s![start..end, ..]).to_owned(), &y[start..end]);
            let (loss, logits) = train_step(model, &opt, batch, labels, &mut NoHook)?;
            last = (loss, accuracy(&logits, labels)?);
        }
        reports.push(last);
    }
    Ok(reports)
}
// ANCHOR_END: fit_basic

/// The arguments of an epoch over `x` in slices of `batch_size` rows: one label per row, at least
/// one row and a batch size of at least 1 (`op` names the caller in the error).
pub(crate) fn check_epoch(op: &str, x: &Array2<f32>, y: &[usize], batch_size: usize) -> Result<()> {
    if x.nrows() != y.len() || x.nrows() == 0 || batch_size == 0 {
        return Err(Error::Invalid(format!(
            "{op}: {} rows, {} labels, batch size {batch_size}; expected one label per row, \
             at least one row and a batch size of at least 1",
            x.nrows(),
            y.len()
        )));
    }
    Ok(())
}

/// The epoch loop of every trainer (the [`Learner`], candle's in `candle_bridge`): for each
/// epoch, `train_then_evaluate` returns the epoch's training loss and batch losses and the
/// validation loss and accuracy; the [`EpochStats`] go to `progress` and all are returned.
pub(crate) fn run_epochs(
    epochs: usize,
    progress: &mut dyn FnMut(&EpochStats),
    mut train_then_evaluate: impl FnMut() -> Result<((f64, Vec<f64>), (f64, f64))>,
) -> Result<Vec<EpochStats>> {
    let mut history = Vec::with_capacity(epochs);
    for epoch in 0..epochs {
        let ((train_loss, batch_losses), (valid_loss, valid_accuracy)) = train_then_evaluate()?;
        let stats = EpochStats {
            epoch,
            train_loss,
            valid_loss,
            valid_accuracy,
            batch_losses,
        };
        progress(&stats);
        history.push(stats);
    }
    Ok(history)
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
    /// The training loss of every batch of the epoch, in the order they were trained on
    /// (the loss curve; `train_loss` is their mean weighted by batch size).
    pub batch_losses: Vec<f64>,
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
///
/// It owns all four (the loaders share their datasets through an `Arc`), so a learner can be
/// kept, like any other value, from one notebook cell to the next.
pub struct Learner {
    /// The model being trained.
    pub model: Sequential<f32>,
    /// The optimizer.
    pub opt: Sgd<f32>,
    /// Batches to train on (usually shuffled).
    pub train: DataLoader<f32>,
    /// Batches to validate on (usually in order, often larger).
    pub valid: DataLoader<f32>,
}

impl Learner {
    /// Puts the four pieces together; fails if either loader has no samples.
    pub fn new(
        model: Sequential<f32>,
        opt: Sgd<f32>,
        train: DataLoader<f32>,
        valid: DataLoader<f32>,
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

    // ANCHOR: fit
    /// One pass over the training loader, a [`train_step`] per batch; returns the mean loss
    /// `Σ_b loss_b · n_b / Σ_b n_b` and every batch's loss `loss_b`, in order.
    pub fn train_epoch(&mut self, hook: &mut dyn Hook<f32>) -> Result<(f64, Vec<f64>)> {
        let (mut total, mut count) = (0.0, 0usize);
        let mut batch_losses = Vec::with_capacity(self.train.len());
        for batch in self.train.batches() {
            let n = batch.y.len();
            let (loss, _) = train_step(&mut self.model, &self.opt, batch.x, &batch.y, hook)?;
            total += loss * n as f64; // loss_b · n_b
            count += n;
            batch_losses.push(loss);
        }
        Ok((total / count as f64, batch_losses))
    }

    /// Loss and accuracy on the validation loader without training, each the batch values
    /// weighted by batch size: `Σ_b v_b · n_b / Σ_b n_b` (the last batch may be smaller).
    pub fn evaluate(&mut self) -> Result<(f64, f64)> {
        let (mut loss_sum, mut correct_sum, mut count) = (0.0, 0.0, 0usize);
        for batch in self.valid.batches() {
            let n = batch.y.len();
            let logits = self.model.forward(batch.x)?;
            loss_sum += f64::from(cross_entropy(&logits, &batch.y)?) * n as f64;
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
        hook: &mut dyn Hook<f32>,
        mut progress: impl FnMut(&EpochStats),
    ) -> Result<Vec<EpochStats>> {
        self.fit_epochs(epochs, hook, &mut progress)
    }

    /// The body of [`fit`](Self::fit), with `progress` behind one `dyn` call so that the loop is
    /// compiled in this library and not in the caller.
    fn fit_epochs(
        &mut self,
        epochs: usize,
        hook: &mut dyn Hook<f32>,
        progress: &mut dyn FnMut(&EpochStats),
    ) -> Result<Vec<EpochStats>> {
        run_epochs(epochs, progress, || {
            Ok((self.train_epoch(hook)?, self.evaluate()?))
        })
    }
    // ANCHOR_END: fit
}
