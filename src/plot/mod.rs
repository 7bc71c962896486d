//! Figures for the chapter: activation statistics, training curves, histograms over training,
//! weight heat maps and digit grids — each one call from a notebook.
//!
//! Everything is built from plain data (slices, `Vec`s, ndarray matrices), so any experiment can
//! be plotted. A [`Figure`] renders to PNG ([`Figure::to_png`], byte-for-byte reproducible) or
//! SVG ([`Figure::to_svg`]), [`saves`](Figure::save) atomically, and shows inline in an evcxr
//! notebook as a PNG when it is a cell's last value. Text uses a subset of DejaVu Sans bundled
//! in the crate: no system font is needed at build or run time.
//!
//! ```
//! use foundations::plot;
//! // std of activations per layer: one init explodes, one vanishes, one holds steady
//! let layers = 1..=50;
//! let exploding: Vec<f64> = layers.clone().map(|l| 4f64.powi(l)).collect();
//! let vanishing: Vec<f64> = layers.clone().map(|l| 0.25f64.powi(l)).collect();
//! let steady = vec![1.0; 50];
//! let fig = plot::layer_stds(
//!     "std of activations through 50 layers",
//!     &[("randn ×1", exploding), ("randn ×0.01", vanishing), ("Kaiming", steady)],
//! )
//! .unwrap();
//! assert!(fig.to_svg().unwrap().contains("Kaiming"));
//! ```
//!
//! | figure | one call |
//! |---|---|
//! | std per layer for several inits (log scale) | [`layer_stds`] |
//! | mean and std of each layer's activations per batch | [`activation_means_stds`], [`recorded_means_stds`] |
//! | fraction of near-zero activations per layer | [`dead_fractions`], [`recorded_dead_fractions`] |
//! | loss per batch, validation loss and accuracy per epoch | [`loss_and_accuracy`] |
//! | histograms over training, a heat map per layer | [`activation_histograms`], [`recorded_histograms`] |
//! | a weight matrix, blue–white–red with a colour bar | [`weight_heatmap`] |
//! | digits with labels and predictions | [`DigitGrid`] |
//! | anything else | [`LineChart`], [`HeatMap`], [`Figure::grid`] |
//!
//! The `recorded_*` functions take what a [`training::ActivationStats`](crate::training::ActivationStats)
//! hook recorded; the others take plain numbers.
//!
//! Bad input never panics: empty series, mismatched lengths or an image row that is not
//! 784 long come back as an [`Error`](crate::Error); points that cannot be drawn (NaN, ±∞,
//! beyond ±1e300, values ≤ 0 on a log scale) are left out of line charts and counted in a red
//! note under the title; heat maps and digit grids draw such cells in a marker colour and say so.
//!
//! PNG is the format for the book and for notebooks. SVG keeps text as text and suits line
//! charts (a few kB); heat maps become one rectangle per cell in SVG, megabytes for a 50×784
//! matrix, so save those as PNG.

mod digits;
mod figure;
mod heatmap;
mod legend;
mod lines;
mod recorded;
mod style;
mod telemetry;

pub use digits::{DIGIT_SIDE, DigitGrid};
pub use figure::{Figure, Panel};
pub use heatmap::HeatMap;
pub use lines::LineChart;
pub use recorded::{recorded_dead_fractions, recorded_histograms, recorded_means_stds};
pub use telemetry::{
    activation_histograms, activation_means_stds, dead_fractions, layer_stds, loss_and_accuracy,
    weight_heatmap,
};
