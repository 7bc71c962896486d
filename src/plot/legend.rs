//! The legend of a line chart: a column beside the plot, one coloured line and label per series,
//! so it never covers the data.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingAreaErrorKind, DrawingBackend, PathElement};
use plotters::style::{Color, RGBColor};

use super::figure::DrawResult;
use super::style::{LEGEND_SIZE, series_colour, text};

/// Pixels between legend rows.
const LEGEND_ROW: i32 = 24;
/// Length of the coloured line in front of a legend label.
const LEGEND_SWATCH: i32 = 26;

/// How wide the legend column must be to hold the longest label (capped at 40 % of the panel).
pub(crate) fn legend_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: &[String],
) -> Result<u32, DrawingAreaErrorKind<DB::ErrorType>> {
    let mut widest = 0;
    for label in labels {
        widest = widest.max(area.estimate_text_size(label, &text(LEGEND_SIZE))?.0);
    }
    let width = widest + LEGEND_SWATCH as u32 + 30;
    Ok(width.min(area.dim_in_pixel().0 * 2 / 5))
}

/// Draws each label with a short line of its series' colour, top-down beside the plot.
pub(crate) fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: &[String],
) -> DrawResult<DB> {
    for (i, label) in labels.iter().enumerate() {
        let y = 24 + i as i32 * LEGEND_ROW;
        let colour: RGBColor = series_colour(i);
        area.draw(&PathElement::new(
            vec![(4, y), (4 + LEGEND_SWATCH, y)],
            colour.stroke_width(3),
        ))?;
        area.draw_text(label, &text(LEGEND_SIZE), (LEGEND_SWATCH + 10, y - 8))?;
    }
    Ok(())
}
