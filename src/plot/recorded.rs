//! The training figures straight from what an [`ActivationStats`] hook recorded during a run:
//! one call each, for a notebook cell right after `learner.fit(epochs, &mut stats, ...)`.

use super::figure::Figure;
use super::telemetry::{activation_means_stds, dead_fractions, histogram_figure};
use crate::error::Result;
use crate::training::{ActivationStats, BatchStats, HIST_MAX};

/// `values[l][b]`: one statistic of layer `l` at batch `b`.
fn per_layer(stats: &ActivationStats, stat: fn(&BatchStats) -> f64) -> Vec<Vec<f64>> {
    (0..stats.layers.len())
        .map(|l| stats.series(l, stat))
        .collect()
}

/// Mean and std of every layer's output per batch ([`activation_means_stds`]).
pub fn recorded_means_stds(stats: &ActivationStats) -> Result<Figure> {
    activation_means_stds(&per_layer(stats, |s| s.mean), &per_layer(stats, |s| s.std))
}

/// The fraction of near-zero activations of every layer per batch ([`dead_fractions`]).
pub fn recorded_dead_fractions(stats: &ActivationStats) -> Result<Figure> {
    dead_fractions(&per_layer(stats, |s| s.near_zero))
}

/// Histograms of `|activation|` over `[0, HIST_MAX]` per batch, a heat map per layer
/// ([`activation_histograms`](super::activation_histograms)).
pub fn recorded_histograms(stats: &ActivationStats) -> Result<Figure> {
    let histograms: Vec<Vec<Vec<u32>>> = stats
        .layers
        .iter()
        .map(|batches| batches.iter().map(|s| s.histogram.clone()).collect())
        .collect();
    histogram_figure(&histograms, (0.0, HIST_MAX), "|activation|")
}
