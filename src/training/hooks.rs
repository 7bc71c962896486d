//! Hooks: code that sees every layer's output during training, and the ready-made one that
//! records activation statistics for the plots.

use ndarray::Array2;

use crate::tensor::Float;

/// Something that looks at each layer's output activations during a training forward pass.
///
/// Any closure `FnMut(usize, &Array2<A>)` is a hook, and so are [`NoHook`] and
/// [`ActivationStats`]. Validation passes do not call hooks.
pub trait Hook<A: Float> {
    /// Called after layer number `layer` (0-based, in model order) computed `output`.
    fn after_layer(&mut self, layer: usize, output: &Array2<A>);
}

/// The hook that does nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoHook;

impl<A: Float> Hook<A> for NoHook {
    fn after_layer(&mut self, _layer: usize, _output: &Array2<A>) {}
}

impl<A: Float, F: FnMut(usize, &Array2<A>)> Hook<A> for F {
    fn after_layer(&mut self, layer: usize, output: &Array2<A>) {
        self(layer, output)
    }
}

/// How many bins [`BatchStats::histogram`] has.
pub const HIST_BINS: usize = 40;
/// The histogram covers `|a|` in `[0, HIST_MAX]`, as fast.ai's `histc(40, 0, 10)` does.
pub const HIST_MAX: f64 = 10.0;
/// An activation counts as near zero when `|a| < NEAR_ZERO`.
pub const NEAR_ZERO: f64 = 1e-2;

/// Statistics of one layer's output for one batch.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchStats {
    /// `mean = Σ a / n` over every element of the output.
    pub mean: f64,
    /// `std = sqrt(Σ (a - mean)² / n)` (population standard deviation).
    pub std: f64,
    /// The fraction of elements with `|a| < NEAR_ZERO` (`1e-2`): after a ReLU, the share of
    /// units that are off ("dead" for this batch).
    pub near_zero: f64,
    /// Counts of `|a|` in [`HIST_BINS`] equal bins over `[0, HIST_MAX]`; bin `k` holds
    /// `k·0.25 <= |a| < (k+1)·0.25` and the last bin includes 10. Larger values are not counted,
    /// as in `torch.histc`. Stacking these per batch gives fast.ai's "colourful dimension" plot.
    pub histogram: Vec<u32>,
}

impl BatchStats {
    /// The statistics of every element of `output`, computed in `f64`.
    pub fn of<A: Float>(output: &Array2<A>) -> BatchStats {
        let n = output.len().max(1) as f64;
        let values = || output.iter().map(|a| a.to_f64().unwrap_or(f64::NAN));
        let mean = values().sum::<f64>() / n; // Σ a / n
        let var = values().map(|a| (a - mean).powi(2)).sum::<f64>() / n; // Σ (a - mean)² / n
        let near_zero = values().filter(|a| a.abs() < NEAR_ZERO).count() as f64 / n;
        let mut histogram = vec![0u32; HIST_BINS];
        let bin_width = HIST_MAX / HIST_BINS as f64;
        for a in values().map(f64::abs).filter(|a| *a <= HIST_MAX) {
            let bin = ((a / bin_width) as usize).min(HIST_BINS - 1); // floor(|a| / 0.25)
            histogram[bin] += 1;
        }
        BatchStats {
            mean,
            std: var.sqrt(),
            near_zero,
            histogram,
        }
    }
}

/// A hook recording [`BatchStats`] of every layer's output for every training batch.
///
/// `layers[l][b]` holds layer `l`'s statistics for the `b`-th batch seen (batches counted across
/// epochs); for an `mlp(&[784, 50, 10])` there are three layers: `Lin`, `Relu`, `Lin`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActivationStats {
    /// Indexed `[layer][batch]`.
    pub layers: Vec<Vec<BatchStats>>,
}

impl ActivationStats {
    /// An empty recorder.
    pub fn new() -> Self {
        ActivationStats::default()
    }

    /// One statistic of layer `layer` over all batches, ready to plot, e.g.
    /// `stats.series(0, |s| s.mean)`. Empty if the layer was never seen.
    pub fn series(&self, layer: usize, stat: impl Fn(&BatchStats) -> f64) -> Vec<f64> {
        self.layers
            .get(layer)
            .map(|batches| batches.iter().map(stat).collect())
            .unwrap_or_default()
    }
}

impl<A: Float> Hook<A> for ActivationStats {
    fn after_layer(&mut self, layer: usize, output: &Array2<A>) {
        if self.layers.len() <= layer {
            self.layers.resize(layer + 1, Vec::new());
        }
        self.layers[layer].push(BatchStats::of(output));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn batch_stats_of_a_small_output() {
        let s = BatchStats::of(&array![[0.0f64, 0.3], [-2.0, 11.0]]);
        assert!((s.mean - 9.3 / 4.0).abs() < 1e-12);
        assert_eq!(s.near_zero, 0.25);
        assert_eq!(s.histogram.len(), HIST_BINS);
        assert_eq!((s.histogram[0], s.histogram[1], s.histogram[8]), (1, 1, 1));
        assert_eq!(s.histogram.iter().sum::<u32>(), 3, "11 is above the range");
    }
}
