//! One-call figures for the chapter's experiments, built from plain numbers so any experiment
//! or training hook can feed them: per-layer statistics, histograms over training, weights.
//!
//! Per-layer inputs are slices with one entry per layer (layer 1 first), each entry holding one
//! value per batch (or per layer position, for the deep-stack experiment).

use ndarray::{Array2, ArrayBase, Data, Ix2};

use super::figure::{Figure, Panel};
use super::heatmap::HeatMap;
use super::lines::LineChart;
use crate::error::{Error, Result, shape_error};
use crate::tensor::Float;

/// The std of activations after each layer, one line per experiment (e.g. per init), on a log
/// scale so exploding (1e30) and vanishing (1e-30) activations both show. Layers count from 1.
pub fn layer_stds<L: AsRef<str>, V: AsRef<[f64]>>(
    title: &str,
    curves: &[(L, V)],
) -> Result<Figure> {
    let chart = LineChart::new(title)
        .x_label("layer")
        .y_label("std of activations")
        .log_y();
    let chart = curves.iter().fold(chart, |chart, (label, stds)| {
        let layers: Vec<f64> = (1..=stds.as_ref().len()).map(|l| l as f64).collect();
        chart.line_xy(label.as_ref(), &layers, stds.as_ref())
    });
    chart.figure()
}

/// One line per layer: `values[l][b]` is layer `l + 1`'s value at batch `b`.
fn per_layer_chart<V: AsRef<[f64]>>(title: &str, y_label: &str, values: &[V]) -> LineChart {
    let chart = LineChart::new(title).x_label("batch").y_label(y_label);
    values.iter().enumerate().fold(chart, |chart, (l, v)| {
        chart.line(format!("layer {}", l + 1), v.as_ref())
    })
}

/// Training telemetry: the mean (left) and std (right) of each layer's activations, per batch.
pub fn activation_means_stds<V: AsRef<[f64]>>(means: &[V], stds: &[V]) -> Result<Figure> {
    if means.len() != stds.len() {
        return Err(shape_error(
            "activation_means_stds (means, stds)",
            &[means.len()],
            &[stds.len()],
            "one entry per layer in both",
        ));
    }
    let panels = vec![
        Panel::from(per_layer_chart("mean of activations", "mean", means)),
        Panel::from(per_layer_chart("std of activations", "std", stds)),
    ];
    Figure::grid(2, panels)
}

/// The fraction of near-zero ("dead") activations in each layer, per batch, on a `0..1` axis.
pub fn dead_fractions<V: AsRef<[f64]>>(fractions: &[V]) -> Result<Figure> {
    per_layer_chart("fraction of near-zero activations", "fraction", fractions)
        .y_range(0.0, 1.0)
        .figure()
}

/// Loss (left) and accuracy (right): training loss every batch, validation loss and accuracy
/// at the end of every epoch, placed on the same batch axis.
pub fn loss_and_accuracy(
    batch_loss: &[f64],
    epoch_valid_loss: &[f64],
    epoch_accuracy: &[f64],
) -> Result<Figure> {
    let epochs = epoch_accuracy.len();
    if epoch_valid_loss.len() != epochs || epochs == 0 || batch_loss.len() < epochs {
        return Err(Error::Invalid(format!(
            "loss_and_accuracy: {} batch losses, {} validation losses, {epochs} accuracies; expected one validation loss and one accuracy per epoch (at least one epoch) and at least one batch per epoch",
            batch_loss.len(),
            epoch_valid_loss.len()
        )));
    }
    // the end of epoch e sits at batch (e + 1) · batches_per_epoch − 1
    let per_epoch = batch_loss.len() as f64 / epochs as f64;
    let epoch_ends: Vec<f64> = (1..=epochs).map(|e| e as f64 * per_epoch - 1.0).collect();
    let loss = LineChart::new("loss")
        .x_label("batch")
        .y_label("cross-entropy")
        .line("training (per batch)", batch_loss)
        .line_xy("validation (per epoch)", &epoch_ends, epoch_valid_loss);
    let accuracy = LineChart::new("validation accuracy")
        .x_range(0.0, (batch_loss.len() as f64 - 1.0).max(1.0))
        .x_label("batch")
        .y_label("accuracy")
        .line_xy("validation (per epoch)", &epoch_ends, epoch_accuracy);
    Figure::grid(2, vec![loss.into(), accuracy.into()])
}

/// Histograms of activations over training ("the colourful dimension"): one heat map per layer,
/// x the batch, y the histogram bin over `value_range`, colour `ln(1 + count)`.
///
/// `histograms[l][b]` holds layer `l + 1`'s bin counts at batch `b` (any count type that
/// converts to `f64`, e.g. `u32`); every batch must have the same number of bins.
pub fn activation_histograms<H, C>(histograms: &[H], value_range: (f64, f64)) -> Result<Figure>
where
    H: AsRef<[Vec<C>]>,
    C: Copy + Into<f64>,
{
    histogram_figure(histograms, value_range, "activation")
}

/// [`activation_histograms`] with the y axis named `y_label`.
pub(crate) fn histogram_figure<H, C>(
    histograms: &[H],
    value_range: (f64, f64),
    y_label: &str,
) -> Result<Figure>
where
    H: AsRef<[Vec<C>]>,
    C: Copy + Into<f64>,
{
    let panels = histograms
        .iter()
        .enumerate()
        .map(|(l, batches)| {
            let counts = bins_by_batch(batches.as_ref(), l + 1)?;
            // colour = ln(1 + count), so single counts and thousands both show
            let map = HeatMap::new(format!("layer {}", l + 1), &counts.mapv(f64::ln_1p))
                .x_label("batch")
                .y_label(y_label)
                .colour_label("ln(1+count)")
                .y_extent(value_range.0, value_range.1);
            Ok(Panel::from(map))
        })
        .collect::<Result<Vec<_>>>()?;
    Figure::grid(2, panels).map(|f| f.with_title("histograms of activations over training"))
}

/// Stacks one layer's per-batch histograms into a `(bins, batches)` matrix: column `b` is batch `b`.
fn bins_by_batch<C: Copy + Into<f64>>(batches: &[Vec<C>], layer: usize) -> Result<Array2<f64>> {
    let bins = batches.first().map_or(0, Vec::len);
    if bins == 0 {
        return Err(Error::Invalid(format!(
            "activation_histograms: layer {layer} has no batches or no bins"
        )));
    }
    if let Some((b, h)) = batches.iter().enumerate().find(|(_, h)| h.len() != bins) {
        return Err(shape_error(
            &format!("activation_histograms: layer {layer}, batch {b}"),
            &[h.len()],
            &[bins],
            "every batch with the same number of bins as batch 0",
        ));
    }
    Ok(Array2::from_shape_fn((bins, batches.len()), |(bin, b)| {
        batches[b][bin].into()
    }))
}

/// A weight matrix as a blue–white–red heat map centred on 0, row 0 at the top, with a colour
/// bar. For the first layer's `w1` of shape `(784, 50)`, pass `w1.t()`: one row per hidden unit.
pub fn weight_heatmap<S, A>(title: &str, weights: &ArrayBase<S, Ix2>) -> Result<Figure>
where
    S: Data<Elem = A>,
    A: Float,
{
    HeatMap::new(title, weights)
        .diverging()
        .rows_top_down()
        .x_label("input")
        .y_label("unit")
        .colour_label("weight")
        .figure()
}
