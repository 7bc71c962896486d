//! [`HeatMap`]: a matrix drawn as coloured cells, with a colour bar that reads colours back
//! as values. Sequential (viridis) for counts, diverging (blue–white–red, centred on 0) for weights.

use ndarray::{Array2, ArrayBase, Data, Ix2};
use plotters::coord::Shift;
use plotters::prelude::{ChartBuilder, DrawingArea, DrawingBackend, Rectangle};
use plotters::style::{Color, RGBColor};

use super::figure::{DrawResult, Figure};
use super::style::{
    INK, LABEL_SIZE, LEGEND_SIZE, MAX_DRAWN, TICK_SIZE, TITLE_SIZE, Undrawable, WARNING,
    coloured_text, diverging, format_tick, is_axis_range, sequential, text, undrawable,
};
use crate::error::{Error, Result};
use crate::tensor::Float;

/// Rows or columns beyond this are averaged in blocks: a cell never gets thinner than a pixel.
const MAX_CELLS_PER_SIDE: usize = 1000;
/// Width of the colour bar column, its tick labels included.
const COLOUR_BAR_WIDTH: u32 = 120;
/// Space above the plot, where the colour bar's caption goes.
const TOP_MARGIN: u32 = 30;
/// Colour steps drawn in the colour bar.
const BAR_STEPS: usize = 128;

/// How values become colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ColourScale {
    /// Viridis from the smallest value (dark purple) to the largest (yellow).
    Sequential,
    /// Blue for negative, white for 0, red for positive, symmetric: `±(99th percentile of |value|)`.
    Diverging,
}

/// A heat map of a matrix: row `i`, column `j` is the cell at height `i`, position `j`.
#[derive(Clone, Debug, PartialEq)]
pub struct HeatMap {
    title: String,
    x_label: String,
    y_label: String,
    colour_label: String,
    values: Array2<f64>,
    scale: ColourScale,
    y_extent: Option<(f64, f64)>,
    rows_top_down: bool,
}

impl HeatMap {
    /// A sequential heat map of `values` (any float matrix; row 0 at the bottom).
    pub fn new<S, A>(title: impl Into<String>, values: &ArrayBase<S, Ix2>) -> HeatMap
    where
        S: Data<Elem = A>,
        A: Float,
    {
        HeatMap {
            title: title.into(),
            x_label: String::new(),
            y_label: String::new(),
            colour_label: String::new(),
            values: values.mapv(|v| v.to_f64().unwrap_or(f64::NAN)),
            scale: ColourScale::Sequential,
            y_extent: None,
            rows_top_down: false,
        }
    }

    /// Names the x axis (the columns).
    pub fn x_label(mut self, label: impl Into<String>) -> HeatMap {
        self.x_label = label.into();
        self
    }

    /// Names the y axis (the rows).
    pub fn y_label(mut self, label: impl Into<String>) -> HeatMap {
        self.y_label = label.into();
        self
    }

    /// Names what the colours mean; shown above the colour bar.
    pub fn colour_label(mut self, label: impl Into<String>) -> HeatMap {
        self.colour_label = label.into();
        self
    }

    /// Uses the blue–white–red scale centred on 0.
    pub fn diverging(mut self) -> HeatMap {
        self.scale = ColourScale::Diverging;
        self
    }

    /// Labels the y axis with values: the rows split `low..high` evenly (e.g. histogram bins).
    pub fn y_extent(mut self, low: f64, high: f64) -> HeatMap {
        self.y_extent = Some((low, high));
        self
    }

    /// Puts row 0 at the top, as a matrix is printed.
    pub fn rows_top_down(mut self) -> HeatMap {
        self.rows_top_down = true;
        self
    }

    /// The heat map as a one-panel [`Figure`], after checking its data.
    pub fn figure(self) -> Result<Figure> {
        Figure::new(self)
    }

    /// Checks there is at least one cell and the y extent is a real interval.
    pub(crate) fn validate(&self) -> Result<()> {
        if self.values.is_empty() {
            return Err(Error::Shape(format!(
                "heat map '{}': matrix of shape {:?} has no cells; expected at least 1×1",
                self.title,
                self.values.shape()
            )));
        }
        if let Some((low, high)) = self.y_extent
            && !is_axis_range(low, high)
        {
            return Err(Error::Invalid(format!(
                "heat map '{}': y extent {low}..{high}; expected finite low < high within ±{MAX_DRAWN:e}",
                self.title
            )));
        }
        Ok(())
    }

    /// Wide enough for about a pixel per column (760 to 1040 px), 460 px high.
    pub(crate) fn preferred_size(&self) -> (u32, u32) {
        let columns = self.values.ncols().min(MAX_CELLS_PER_SIDE) as u32;
        ((columns + 260).clamp(760, 1040), 460)
    }

    /// The colour of `v` given the colour-bar limits; cells that cannot be drawn (non-finite or
    /// beyond `±MAX_DRAWN`) get a marker colour.
    fn colour(&self, v: f64, (low, high): (f64, f64)) -> RGBColor {
        match self.scale {
            _ if undrawable(v).is_some() => self.non_finite_colour(),
            // t = (v - low) / (high - low) in [0, 1]
            ColourScale::Sequential => sequential((v - low) / (high - low)),
            // t = v / high in [-1, 1], with high = max|v|
            ColourScale::Diverging => diverging(v / high),
        }
    }

    /// Black on the diverging scale, red on viridis: neither colour occurs in the scale itself.
    fn non_finite_colour(&self) -> RGBColor {
        match self.scale {
            ColourScale::Sequential => WARNING,
            ColourScale::Diverging => INK,
        }
    }

    /// The colour bar's limits: data min..max, or ±(99th percentile of |v|) on the diverging scale.
    fn limits(&self) -> (f64, f64) {
        let finite = || drawable(&self.values);
        match self.scale {
            ColourScale::Sequential => {
                let low = finite().fold(f64::INFINITY, f64::min);
                let high = finite().fold(f64::NEG_INFINITY, f64::max);
                match (low.is_finite(), high > low) {
                    (true, true) => (low, high),
                    (true, false) => (low.min(0.0), low.max(0.0) + 1.0),
                    (false, _) => (0.0, 1.0),
                }
            }
            ColourScale::Diverging => {
                let reach = percentile_of_magnitudes(finite(), DIVERGING_PERCENTILE);
                let reach = if reach > 0.0 { reach } else { 1.0 };
                (-reach, reach)
            }
        }
    }

    /// `(n non-finite values drawn in red)` when there are any (values beyond `±MAX_DRAWN`
    /// are counted too).
    fn non_finite_note(&self) -> Option<String> {
        let count = |kind| {
            self.values
                .iter()
                .filter(|&&v| undrawable(v) == Some(kind))
                .count()
        };
        let (non_finite, too_large) = (count(Undrawable::NonFinite), count(Undrawable::TooLarge));
        let mut parts = Vec::new();
        if non_finite > 0 {
            parts.push(format!("{non_finite} non-finite"));
        }
        if too_large > 0 {
            parts.push(format!("{too_large} beyond ±{MAX_DRAWN:e}"));
        }
        let colour = if self.scale == ColourScale::Sequential {
            "red"
        } else {
            "black"
        };
        (!parts.is_empty()).then(|| format!("({} values drawn in {colour})", parts.join(" and ")))
    }

    /// On the diverging scale, says where colours stop growing when some values lie beyond:
    /// `(colours saturate at ±0.23, the 99th percentile of |value|; the largest is 0.81)`.
    fn saturation_note(&self, (_, reach): (f64, f64)) -> Option<String> {
        let largest = drawable(&self.values).fold(0.0, |m: f64, v| m.max(v.abs()));
        (self.scale == ColourScale::Diverging && largest > reach).then(|| {
            format!(
                "(colours saturate at ±{}, the {DIVERGING_PERCENTILE}th percentile of |value|; the largest is {})",
                format_tick(reach, reach),
                format_tick(largest, largest)
            )
        })
    }

    /// The text of a y tick at row coordinate `r` (0 at the bottom edge, `rows` at the top).
    fn y_tick(&self, r: f64, rows: usize) -> String {
        match self.y_extent {
            Some((low, high)) => format_tick(low + r / rows as f64 * (high - low), high - low),
            None if self.rows_top_down => format_tick(rows as f64 - r, rows as f64),
            None => format_tick(r, rows as f64),
        }
    }

    /// Draws title, note, the cells with axes, and the colour bar on the right.
    pub(crate) fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let mut area = area.titled(&self.title, text(TITLE_SIZE))?;
        if let Some(note) = self.non_finite_note() {
            area = area.titled(&note, coloured_text(LEGEND_SIZE, WARNING))?;
        }
        let limits = self.limits();
        if let Some(note) = self.saturation_note(limits) {
            area = area.titled(&note, text(TICK_SIZE))?;
        }
        let (main, bar) =
            area.split_horizontally(area.dim_in_pixel().0.saturating_sub(COLOUR_BAR_WIDTH));
        let cells = block_mean(&self.values, MAX_CELLS_PER_SIDE);
        let (rows, cols) = cells.dim();
        let (row_scale, col_scale) = (
            self.values.nrows() as f64 / rows as f64,
            self.values.ncols() as f64 / cols as f64,
        );
        let mut chart = ChartBuilder::on(&main)
            .margin(12)
            .margin_top(TOP_MARGIN)
            .x_label_area_size(48)
            .y_label_area_size(72)
            .build_cartesian_2d(0.0..cols as f64, 0.0..rows as f64)?;
        chart.draw_series(cells.indexed_iter().map(|((i, j), &v)| {
            let y = if self.rows_top_down { rows - 1 - i } else { i } as f64;
            let x = j as f64;
            Rectangle::new(
                [(x, y), (x + 1.0, y + 1.0)],
                self.colour(v, limits).filled(),
            )
        }))?;
        let source_rows = self.values.nrows();
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .axis_desc_style(text(LABEL_SIZE))
            .label_style(text(TICK_SIZE))
            .axis_style(INK)
            .x_labels(8)
            .y_labels(6)
            .x_label_formatter(&|c| format_tick((c * col_scale).round(), cols as f64))
            .y_label_formatter(&|r| self.y_tick(r * row_scale, source_rows))
            .draw()?;
        self.draw_colour_bar(&bar, limits)
    }

    /// A vertical strip of the scale's colours from `low` (bottom) to `high` (top), ticked on the right.
    fn draw_colour_bar<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        (low, high): (f64, f64),
    ) -> DrawResult<DB> {
        area.draw_text(&self.colour_label, &text(TICK_SIZE), (6, 8))?;
        let mut bar = ChartBuilder::on(area)
            .margin_top(TOP_MARGIN)
            .margin_bottom(12)
            .margin_left(6)
            .x_label_area_size(48)
            .right_y_label_area_size(64)
            .build_cartesian_2d(0.0..1.0, low..high)?;
        let step = (high - low) / BAR_STEPS as f64;
        bar.draw_series((0..BAR_STEPS).map(|k| {
            // band k covers low + k·step .. low + (k+1)·step, coloured at its middle
            let bottom = low + k as f64 * step;
            Rectangle::new(
                [(0.0, bottom), (1.0, bottom + step)],
                self.colour(bottom + step / 2.0, (low, high)).filled(),
            )
        }))?;
        bar.configure_mesh()
            .disable_mesh()
            .disable_x_axis()
            .label_style(text(TICK_SIZE))
            .axis_style(INK)
            .y_labels(6)
            .y_label_formatter(&|v| format_tick(*v, high - low))
            .draw()
    }
}

/// The diverging scale spans ±(this percentile of |value|): a few outliers do not wash out
/// the rest; values beyond it get the end colours.
const DIVERGING_PERCENTILE: f64 = 99.0;

/// The `p`-th percentile (nearest rank) of `|v|`; 0 when there are no values.
fn percentile_of_magnitudes(values: impl Iterator<Item = f64>, p: f64) -> f64 {
    let mut magnitudes: Vec<f64> = values.map(f64::abs).collect();
    if magnitudes.is_empty() {
        return 0.0;
    }
    magnitudes.sort_by(f64::total_cmp);
    // rank = ceil(p/100 · n), 1-based
    let rank = (p / 100.0 * magnitudes.len() as f64).ceil() as usize;
    magnitudes[rank.clamp(1, magnitudes.len()) - 1]
}

/// The values that can be drawn: finite and within `±MAX_DRAWN`.
fn drawable(values: &Array2<f64>) -> impl Iterator<Item = f64> + '_ {
    values.iter().copied().filter(|&v| undrawable(v).is_none())
}

/// Averages blocks of cells so neither side exceeds `max_side`; a block's mean uses its drawable
/// cells only and is NaN when it has none.
fn block_mean(values: &Array2<f64>, max_side: usize) -> Array2<f64> {
    let (rows, cols) = values.dim();
    let (row_block, col_block) = (
        rows.div_ceil(max_side).max(1),
        cols.div_ceil(max_side).max(1),
    );
    if row_block == 1 && col_block == 1 {
        return values.clone();
    }
    Array2::from_shape_fn(
        (rows.div_ceil(row_block), cols.div_ceil(col_block)),
        |(i, j)| {
            let block = values.slice(ndarray::s![
                i * row_block..((i + 1) * row_block).min(rows),
                j * col_block..((j + 1) * col_block).min(cols)
            ]);
            let (sum, n) = block
                .iter()
                .filter(|&&v| undrawable(v).is_none())
                .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
            if n == 0 { f64::NAN } else { sum / n as f64 }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn block_mean_averages_finite_cells_only() {
        let small = array![[1.0, 2.0], [3.0, 4.0]];
        assert_eq!(
            block_mean(&small, 2),
            small,
            "matrices within the limit are kept"
        );
        let v = array![[1.0, 3.0, f64::NAN, 5.0, 7.0]];
        let m = block_mean(&v, 2);
        assert_eq!(m.dim(), (1, 2));
        assert_eq!(m[[0, 0]], 2.0);
        assert_eq!(m[[0, 1]], 6.0);
        let all_nan = block_mean(&array![[f64::NAN, f64::NAN, f64::NAN]], 1);
        assert!(all_nan[[0, 0]].is_nan());
    }

    #[test]
    fn a_few_outliers_do_not_set_the_diverging_limit() {
        let mut w = Array2::from_elem((10, 20), 0.1f64);
        w[[0, 0]] = -50.0;
        let map = HeatMap::new("w", &w).diverging();
        assert_eq!(map.limits(), (-0.1, 0.1));
        let note = map.saturation_note(map.limits()).unwrap();
        assert!(
            note.contains("±0.1") && note.contains("the largest is 50"),
            "{note}"
        );
        assert_eq!(
            percentile_of_magnitudes([3.0, -1.0, 2.0].into_iter(), 50.0),
            2.0
        );
        assert_eq!(percentile_of_magnitudes(std::iter::empty(), 99.0), 0.0);
    }

    #[test]
    fn diverging_limits_are_symmetric_and_sequential_limits_fit_the_data() {
        let w = array![[-0.5f32, 0.25], [2.0, f32::NAN]];
        assert_eq!(HeatMap::new("w", &w).diverging().limits(), (-2.0, 2.0));
        assert_eq!(HeatMap::new("w", &w).limits(), (-0.5, 2.0));
        assert_eq!(
            HeatMap::new("zeros", &Array2::<f64>::zeros((2, 2))).limits(),
            (0.0, 1.0)
        );
    }
}
