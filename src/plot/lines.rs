//! [`LineChart`]: labelled series on shared axes, linear or log₁₀ y, with a legend beside the
//! plot (never over the data) and a visible note when points cannot be drawn.

use plotters::coord::Shift;
use plotters::prelude::{ChartBuilder, Circle, DrawingArea, DrawingBackend, PathElement};
use plotters::style::Color;

use super::figure::{DrawResult, Figure};
use super::legend::{draw_legend, legend_width};
use super::style::{
    GRID, INK, LABEL_SIZE, LEGEND_SIZE, MAX_DRAWN, TICK_SIZE, TITLE_SIZE, Undrawable, WARNING,
    coloured_text, format_log_tick, format_tick, is_axis_range, series_colour, text, undrawable,
};
use crate::error::{Error, Result, shape_error};

/// Series with more points than this are drawn with thin lines, so noise stays readable.
const THIN_LINE_FROM: usize = 150;
/// Series with at most this many points get a dot on every point.
const MARKER_LIMIT: usize = 40;

/// One labelled line: the points `(x[i], y[i])`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Series {
    /// The name shown in the legend.
    pub label: String,
    /// x coordinates.
    pub x: Vec<f64>,
    /// y coordinates, as many as `x`.
    pub y: Vec<f64>,
}

/// A line chart: a title, axis labels, optional log₁₀ y axis and any number of series.
///
/// ```
/// use foundations::plot::LineChart;
/// let fig = LineChart::new("loss")
///     .x_label("batch")
///     .line("train", &[2.3, 1.1, 0.6, 0.4])
///     .figure()
///     .unwrap();
/// assert!(fig.to_svg().unwrap().contains("loss"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct LineChart {
    title: String,
    x_label: String,
    y_label: String,
    log_y: bool,
    x_range: Option<(f64, f64)>,
    y_range: Option<(f64, f64)>,
    series: Vec<Series>,
}

impl LineChart {
    /// An empty chart with a title.
    pub fn new(title: impl Into<String>) -> LineChart {
        LineChart {
            title: title.into(),
            x_label: String::new(),
            y_label: String::new(),
            log_y: false,
            x_range: None,
            y_range: None,
            series: Vec::new(),
        }
    }

    /// Names the x axis.
    pub fn x_label(mut self, label: impl Into<String>) -> LineChart {
        self.x_label = label.into();
        self
    }

    /// Names the y axis.
    pub fn y_label(mut self, label: impl Into<String>) -> LineChart {
        self.y_label = label.into();
        self
    }

    /// Draws y on a log₁₀ scale; values `<= 0` cannot be drawn there and are reported.
    pub fn log_y(mut self) -> LineChart {
        self.log_y = true;
        self
    }

    /// Fixes the x axis to `low..high` instead of fitting it to the data.
    pub fn x_range(mut self, low: f64, high: f64) -> LineChart {
        self.x_range = Some((low, high));
        self
    }

    /// Fixes the y axis to `low..high` instead of fitting it to the data.
    pub fn y_range(mut self, low: f64, high: f64) -> LineChart {
        self.y_range = Some((low, high));
        self
    }

    /// Adds a series at `x = 0, 1, 2, ...`.
    pub fn line<T: Copy + Into<f64>>(self, label: impl Into<String>, y: &[T]) -> LineChart {
        let x: Vec<f64> = (0..y.len()).map(|i| i as f64).collect();
        self.line_xy(label, &x, y)
    }

    /// Adds a series with its own x values (checked to match `y` in length when drawn).
    pub fn line_xy<X: Copy + Into<f64>, T: Copy + Into<f64>>(
        mut self,
        label: impl Into<String>,
        x: &[X],
        y: &[T],
    ) -> LineChart {
        let x = x.iter().map(|&a| a.into()).collect();
        let y = y.iter().map(|&a| a.into()).collect();
        self.series.push(Series {
            label: label.into(),
            x,
            y,
        });
        self
    }

    /// The chart as a one-panel [`Figure`], after checking its data.
    pub fn figure(self) -> Result<Figure> {
        Figure::new(self)
    }

    /// Checks there is something to draw and that every series is well formed.
    pub(crate) fn validate(&self) -> Result<()> {
        let name = &self.title;
        if self.series.is_empty() {
            return Err(Error::Invalid(format!(
                "line chart '{name}': no series; add one with .line(label, values)"
            )));
        }
        for s in &self.series {
            if s.y.is_empty() {
                return Err(Error::Invalid(format!(
                    "line chart '{name}': series '{}' has no points",
                    s.label
                )));
            }
            if s.x.len() != s.y.len() {
                let op = format!("line chart '{name}', series '{}' (x, y)", s.label);
                return Err(shape_error(
                    &op,
                    &[s.x.len()],
                    &[s.y.len()],
                    "as many x values as y values",
                ));
            }
        }
        if let Some((low, high)) = self.y_range {
            let positive = !self.log_y || low > 0.0;
            if !(is_axis_range(low, high) && positive) {
                return Err(Error::Invalid(format!(
                    "line chart '{name}': y range {low}..{high}; expected finite low < high within ±{MAX_DRAWN:e}{}",
                    if self.log_y {
                        ", both > 0 on a log scale"
                    } else {
                        ""
                    }
                )));
            }
        }
        if let Some((low, high)) = self.x_range
            && !is_axis_range(low, high)
        {
            return Err(Error::Invalid(format!(
                "line chart '{name}': x range {low}..{high}; expected finite low < high within ±{MAX_DRAWN:e}"
            )));
        }
        Ok(())
    }

    /// Where the y value `v` sits on the axis: `log10(v)` on a log scale, else `v`.
    fn axis_y(&self, v: f64) -> f64 {
        if self.log_y { v.log10() } else { v }
    }

    /// Splits every series into runs of drawable points and counts what was dropped.
    fn prepare(&self) -> Vec<PreparedSeries> {
        self.series
            .iter()
            .map(|s| PreparedSeries::new(s, self.log_y))
            .collect()
    }

    /// The title note naming the points left out, e.g. `(3 non-finite points not drawn)`.
    fn dropped_note(prepared: &[PreparedSeries]) -> Option<String> {
        let non_finite: usize = prepared.iter().map(|p| p.non_finite).sum();
        let too_large: usize = prepared.iter().map(|p| p.too_large).sum();
        let non_positive: usize = prepared.iter().map(|p| p.non_positive).sum();
        let plural = |n: usize| if n == 1 { "point" } else { "points" };
        let mut parts = Vec::new();
        if non_finite > 0 {
            parts.push(format!(
                "{non_finite} non-finite {} not drawn",
                plural(non_finite)
            ));
        }
        if too_large > 0 {
            parts.push(format!(
                "{too_large} {} beyond ±{MAX_DRAWN:e} not drawn",
                plural(too_large)
            ));
        }
        if non_positive > 0 {
            parts.push(format!(
                "{non_positive} {} ≤ 0 not drawn on the log scale",
                plural(non_positive)
            ));
        }
        (!parts.is_empty()).then(|| format!("({})", parts.join("; ")))
    }

    /// The axis ranges: the data's extent padded by 5 %, or `0..1` when nothing is drawable.
    fn ranges(&self, prepared: &[PreparedSeries]) -> ((f64, f64), (f64, f64)) {
        let points = || prepared.iter().flat_map(|p| p.runs.iter().flatten());
        let x = self
            .x_range
            .unwrap_or_else(|| padded_extent(points().map(|p| p.0), 0.0));
        let y = match self.y_range {
            Some((low, high)) => (self.axis_y(low), self.axis_y(high)),
            None => padded_extent(points().map(|p| p.1), 0.05),
        };
        (x, y)
    }

    /// Draws the chart: title, note, plot area on the left, legend on the right.
    pub(crate) fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let prepared = self.prepare();
        let mut area = area.titled(&self.title, text(TITLE_SIZE))?;
        if let Some(note) = Self::dropped_note(&prepared) {
            area = area.titled(&note, coloured_text(LEGEND_SIZE, WARNING))?;
        }
        let labels: Vec<String> = prepared.iter().map(PreparedSeries::legend_label).collect();
        let legend_width = legend_width(&area, &labels)?;
        let (plot_area, legend_area) =
            area.split_horizontally(area.dim_in_pixel().0.saturating_sub(legend_width));
        let ((x0, x1), (y0, y1)) = self.ranges(&prepared);
        let mut chart = ChartBuilder::on(&plot_area)
            .margin(12)
            .x_label_area_size(48)
            .y_label_area_size(78)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        let log_y = self.log_y;
        chart
            .configure_mesh()
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .axis_desc_style(text(LABEL_SIZE))
            .label_style(text(TICK_SIZE))
            .max_light_lines(1)
            .light_line_style(GRID.mix(0.5))
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_labels(8)
            .y_labels(8)
            .x_label_formatter(&|v| format_tick(*v, x1 - x0))
            .y_label_formatter(&|v| {
                if log_y {
                    format_log_tick(*v)
                } else {
                    format_tick(*v, y1 - y0)
                }
            })
            .draw()?;
        for (i, p) in prepared.iter().enumerate() {
            let colour = series_colour(i);
            for run in &p.runs {
                chart.draw_series(std::iter::once(PathElement::new(
                    run.clone(),
                    colour.stroke_width(if p.points > THIN_LINE_FROM { 1 } else { 2 }),
                )))?;
            }
            let dotted = p
                .runs
                .iter()
                .filter(|run| run.len() == 1 || p.points <= MARKER_LIMIT)
                .flatten();
            chart.draw_series(dotted.map(|&point| Circle::new(point, 3, colour.filled())))?;
        }
        draw_legend(&legend_area, &labels)
    }
}

/// A series ready to draw: runs of consecutive drawable points, in axis coordinates.
struct PreparedSeries {
    label: String,
    runs: Vec<Vec<(f64, f64)>>,
    points: usize,
    non_finite: usize,
    too_large: usize,
    non_positive: usize,
}

impl PreparedSeries {
    /// Breaks the line wherever a point cannot be drawn: non-finite, beyond `±MAX_DRAWN` on a
    /// linear axis, or `<= 0` on a log scale.
    fn new(series: &Series, log_y: bool) -> PreparedSeries {
        let mut prepared = PreparedSeries {
            label: series.label.clone(),
            runs: vec![Vec::new()],
            points: series.y.len(),
            non_finite: 0,
            too_large: 0,
            non_positive: 0,
        };
        for (&x, &y) in series.x.iter().zip(&series.y) {
            // on a log scale y lands at log10(y), always within reach once y > 0
            let y_problem = if log_y && y.is_finite() {
                None
            } else {
                undrawable(y)
            };
            match undrawable(x).or(y_problem) {
                Some(Undrawable::NonFinite) => prepared.non_finite += 1,
                Some(Undrawable::TooLarge) => prepared.too_large += 1,
                None if log_y && y <= 0.0 => prepared.non_positive += 1,
                None => {
                    let y = if log_y { y.log10() } else { y };
                    if let Some(run) = prepared.runs.last_mut() {
                        run.push((x, y));
                    }
                    continue;
                }
            }
            prepared.runs.push(Vec::new());
        }
        prepared.runs.retain(|run| !run.is_empty());
        prepared
    }

    /// The legend text, with the count of points left out when there are any.
    fn legend_label(&self) -> String {
        match self.non_finite + self.too_large + self.non_positive {
            0 => self.label.clone(),
            dropped => format!("{} ({dropped} not drawn)", self.label),
        }
    }
}

/// `(min, max)` of the values widened by `pad` of the span; a single value gets ±0.5 around it.
fn padded_extent(values: impl Iterator<Item = f64>, pad: f64) -> (f64, f64) {
    let (low, high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if low > high {
        return (0.0, 1.0);
    }
    let span = high - low;
    if span <= f64::EPSILON * high.abs().max(1.0) {
        let half = (0.1 * low.abs()).max(0.5);
        return (low - half, high + half);
    }
    (low - pad * span, high + pad * span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_points_break_the_line_and_are_counted() {
        let s = Series {
            label: "a".into(),
            x: vec![0.0, 1.0, 2.0, 3.0, 4.0],
            y: vec![1.0, f64::NAN, 2.0, 3.0, f64::INFINITY],
        };
        let p = PreparedSeries::new(&s, false);
        assert_eq!(p.runs, vec![vec![(0.0, 1.0)], vec![(2.0, 2.0), (3.0, 3.0)]]);
        assert_eq!((p.non_finite, p.too_large, p.non_positive), (2, 0, 0));
        assert_eq!(p.legend_label(), "a (2 not drawn)");
    }

    #[test]
    fn points_beyond_the_drawable_range_are_counted_apart_on_a_linear_axis_only() {
        let s = Series {
            label: "c".into(),
            x: vec![0.0, 1.0, 2.0],
            y: vec![1.0, -1e308, 1e308],
        };
        let linear = PreparedSeries::new(&s, false);
        assert_eq!(linear.runs, vec![vec![(0.0, 1.0)]]);
        assert_eq!(linear.too_large, 2);
        let log = PreparedSeries::new(&s, true);
        assert_eq!((log.too_large, log.non_positive), (0, 1));
        assert_eq!(log.runs, vec![vec![(0.0, 0.0)], vec![(2.0, 308.0)]]);
    }

    #[test]
    fn log_scale_drops_non_positive_values_and_takes_log10() {
        let s = Series {
            label: "b".into(),
            x: vec![0.0, 1.0, 2.0],
            y: vec![1e-30, 0.0, 1e30],
        };
        let p = PreparedSeries::new(&s, true);
        assert_eq!(p.runs, vec![vec![(0.0, -30.0)], vec![(2.0, 30.0)]]);
        assert_eq!((p.non_finite, p.too_large, p.non_positive), (0, 0, 1));
    }

    #[test]
    fn extents_are_padded_and_never_empty() {
        assert_eq!(padded_extent([1.0, 3.0].into_iter(), 0.5), (0.0, 4.0));
        assert_eq!(padded_extent([2.0].into_iter(), 0.05), (1.5, 2.5));
        assert_eq!(padded_extent(std::iter::empty(), 0.05), (0.0, 1.0));
    }
}
