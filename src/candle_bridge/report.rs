//! One call each for a notebook: our gradients against candle's autograd, and our training loop
//! against candle-nn's, as small tables with timings.

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use ndarray::{Array1, Array2, s};

use super::autograd::{
    GradDiff, candle_cross_entropy_grads, candle_mse_grads, compare_grads, our_cross_entropy_grads,
};
use super::model::{CandleMlp, ReluKind, train_candle};
use crate::backprop::{Grads, MlpParams, forward_and_backward};
use crate::data::Mnist;
use crate::error::{Error, Result};
use crate::tensor::{Timing, format_seconds, timeit};
use crate::training::{
    DEFAULT_BATCH_SIZE, DEFAULT_LR, DataLoader, Dataset, EpochStats, Learner, NoHook, Sgd, mlp,
};

/// How often each gradient computation is timed.
const TIMING_RUNS: usize = 5;

/// Our gradients and candle's for one loss, how far apart they are, and how long each took.
#[derive(Clone, Debug, PartialEq)]
pub struct AutogradCheck {
    /// The loss and network, e.g. `"MSE, 784-50-1"`.
    pub name: &'static str,
    /// The loss as we computed it.
    pub our_loss: f32,
    /// The loss as candle computed it.
    pub candle_loss: f32,
    /// One row per gradient: `x.g, w1.g, b1.g, w2.g, b2.g`.
    pub diffs: Vec<GradDiff>,
    /// Our forward and backward pass.
    pub ours: Timing,
    /// candle's forward pass and `loss.backward()` (including copying the data in and out).
    pub candle: Timing,
}

impl AutogradCheck {
    /// The largest relative difference over all gradients (NaN if any is NaN).
    pub fn worst_relative(&self) -> f64 {
        self.diffs
            .iter()
            .map(|d| d.relative)
            .fold(0.0, |m, v| if v.is_nan() || v > m { v } else { m })
    }
}

/// A computation of a loss and its gradients, to run once and then time.
type GradsFn<'a> = &'a dyn Fn() -> Result<(f32, Grads<f32>)>;

/// Runs both gradient computations once for the numbers, then times each.
fn check(name: &'static str, ours: GradsFn<'_>, candle: GradsFn<'_>) -> Result<AutogradCheck> {
    let (our_loss, our_grads) = ours()?;
    let (candle_loss, candle_grads) = candle()?;
    Ok(AutogradCheck {
        name,
        our_loss,
        candle_loss,
        diffs: compare_grads(&our_grads, &candle_grads)?,
        ours: timeit(TIMING_RUNS, 1, ours),
        candle: timeit(TIMING_RUNS, 1, candle),
    })
}

/// Both gradient checks on the same `rows` training rows: the MSE and the cross-entropy network.
#[derive(Clone, Debug, PartialEq)]
pub struct AutogradReport {
    /// How many MNIST rows went through the networks.
    pub rows: usize,
    /// 784-50-1 with MSE against the digit's value, ours by `forward_and_backward`.
    pub mse: AutogradCheck,
    /// 784-50-10 with cross-entropy, ours through `Sequential::backward`.
    pub cross_entropy: AutogradCheck,
}

/// Compares every gradient of both networks with candle's autograd on the first `rows` training
/// rows of `mnist`, starting from seeded Kaiming weights (`MlpParams::init(784, 50, n_out, seed)`).
/// Each network sees the same weights and inputs in both libraries.
pub fn autograd_check(mnist: &Mnist, rows: usize, seed: u64) -> Result<AutogradReport> {
    let n = mnist.train.y.len();
    if rows == 0 || rows > n {
        return Err(Error::Invalid(format!(
            "autograd_check: {rows} rows; expected 1 to {n}"
        )));
    }
    let x: Array2<f32> = mnist.train.x.slice(s![..rows, ..]).to_owned();
    let labels: Vec<usize> = mnist.train.y.iter().take(rows).copied().collect();
    let values: Array1<f32> = labels.iter().map(|&l| l as f32).collect(); // the chapter's regression target
    let n_in = x.ncols();
    let regression = MlpParams::init(n_in, 50, 1, seed);
    let classifier = MlpParams::init(n_in, 50, 10, seed);
    Ok(AutogradReport {
        rows,
        mse: check(
            "MSE, 784-50-1",
            &|| forward_and_backward(&x, &values, &regression),
            &|| candle_mse_grads(&x, &values, &regression),
        )?,
        cross_entropy: check(
            "cross-entropy, 784-50-10",
            &|| our_cross_entropy_grads(&x, &labels, &classifier),
            &|| candle_cross_entropy_grads(&x, &labels, &classifier),
        )?,
    })
}

impl fmt::Display for AutogradReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Our gradients vs candle's autograd on {} MNIST rows (f32); relative = max|ours - candle| / max|candle|",
            self.rows
        )?;
        for check in [&self.mse, &self.cross_entropy] {
            writeln!(
                f,
                "{}: loss ours {:.6}, candle {:.6}",
                check.name, check.our_loss, check.candle_loss
            )?;
            writeln!(f, "  forward + backward, ours:   {}", check.ours)?;
            writeln!(f, "  forward + backward, candle: {}", check.candle)?;
            writeln!(
                f,
                "  {:<6} {:<12} {:>12} {:>12}",
                "grad", "shape", "max abs", "relative"
            )?;
            for d in &check.diffs {
                let shape = format!("{:?}", d.shape);
                writeln!(
                    f,
                    "  {:<6} {shape:<12} {:>12.2e} {:>12.2e}",
                    d.tensor, d.max_abs, d.relative
                )?;
            }
        }
        Ok(())
    }
}

/// One training run: what it is, its per-epoch statistics and its speed.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainingRun {
    /// Which implementation, e.g. `"candle-nn, CustomRelu"`.
    pub name: &'static str,
    /// The statistics after every epoch.
    pub history: Vec<EpochStats>,
    /// Wall-clock seconds per epoch, training and validation together.
    pub seconds_per_epoch: f64,
}

impl TrainingRun {
    /// Validation accuracy after the last epoch (NaN if there were no epochs).
    pub fn final_accuracy(&self) -> f64 {
        self.history.last().map_or(f64::NAN, |s| s.valid_accuracy)
    }
}

/// The same training in three implementations: ours, candle-nn with candle's ReLU, and candle-nn
/// with [`CustomRelu`](super::CustomRelu).
#[derive(Clone, Debug, PartialEq)]
pub struct TrainingComparison {
    /// How many epochs each run trained for.
    pub epochs: usize,
    /// Ours first, then the two candle runs.
    pub runs: Vec<TrainingRun>,
}

/// Runs `train` and returns its history with the seconds per epoch.
fn timed_run(
    name: &'static str,
    epochs: usize,
    train: impl FnOnce() -> Result<Vec<EpochStats>>,
) -> Result<TrainingRun> {
    let start = Instant::now();
    let history = train()?;
    let seconds_per_epoch = start.elapsed().as_secs_f64() / epochs.max(1) as f64;
    Ok(TrainingRun {
        name,
        history,
        seconds_per_epoch,
    })
}

/// Trains the 784-50-10 MLP on `mnist` for `epochs` epochs three ways, with the chapter's protocol
/// for all of them: lr [`DEFAULT_LR`], batches of [`DEFAULT_BATCH_SIZE`] shuffled by `seed`
/// (the same batches in the same order for every run), validation in batches of 128, and the
/// same initial weights (`mlp(&[784, 50, 10], seed)`, copied into candle transposed).
pub fn compare_training(mnist: &Mnist, epochs: usize, seed: u64) -> Result<TrainingComparison> {
    let train = Arc::new(Dataset::new(mnist.train.x.clone(), mnist.train.y.clone())?);
    let valid = Arc::new(Dataset::new(mnist.valid.x.clone(), mnist.valid.y.clone())?);
    let loaders = || -> Result<_> {
        Ok((
            DataLoader::new(Arc::clone(&train), DEFAULT_BATCH_SIZE, Some(seed))?,
            DataLoader::new(Arc::clone(&valid), 2 * DEFAULT_BATCH_SIZE, None)?,
        ))
    };
    let model = mlp(&[train.x().ncols(), 50, 10], seed)?;
    let start = model.mlp_params()?;
    let ours = timed_run("ours: Sequential + Sgd", epochs, || {
        let (train_dl, valid_dl) = loaders()?;
        let mut learn = Learner::new(model, Sgd::new(DEFAULT_LR), train_dl, valid_dl)?;
        learn.fit(epochs, &mut NoHook, |_| {})
    })?;
    let candle_run = |name, relu| {
        timed_run(name, epochs, || {
            let (varmap, model) = CandleMlp::from_params(&start, relu)?;
            let (mut train_dl, mut valid_dl) = loaders()?;
            train_candle(
                &model,
                &varmap,
                &mut train_dl,
                &mut valid_dl,
                epochs,
                DEFAULT_LR,
                |_| {},
            )
        })
    };
    Ok(TrainingComparison {
        epochs,
        runs: vec![
            ours,
            candle_run("candle-nn: Linear + SGD, relu()", ReluKind::Builtin)?,
            candle_run("candle-nn: Linear + SGD, CustomRelu", ReluKind::Custom)?,
        ],
    })
}

impl fmt::Display for TrainingComparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "After {} epochs (lr {DEFAULT_LR}, batch size {DEFAULT_BATCH_SIZE}, same initial weights \
             and batch order):",
            self.epochs
        )?;
        writeln!(
            f,
            "{:<38} {:>10} {:>10} {:>10} {:>12}",
            "model", "train loss", "valid loss", "valid acc", "time / epoch"
        )?;
        for run in &self.runs {
            let Some(last) = run.history.last() else {
                writeln!(f, "{:<38} (no epochs)", run.name)?;
                continue;
            };
            writeln!(
                f,
                "{:<38} {:>10.4} {:>10.4} {:>10.4} {:>12}",
                run.name,
                last.train_loss,
                last.valid_loss,
                last.valid_accuracy,
                // With its unit, so that notebooks/run.py masks it like every other timing.
                format_seconds(run.seconds_per_epoch)
            )?;
        }
        Ok(())
    }
}
