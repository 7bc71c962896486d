//! [`DigitGrid`]: MNIST-style images (rows of 28 × 28 = 784 pixels) in a grid, each captioned
//! with its label and, when given, the model's prediction; wrong predictions are framed in red.

use ndarray::{Array2, ArrayBase, ArrayView1, Data, Ix2};
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, Rectangle};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, RGBColor};

use super::figure::{DrawResult, Figure};
use super::style::{INK, LEGEND_SIZE, TITLE_SIZE, WARNING, coloured_text, text};
use crate::error::{Error, Result, shape_error};
use crate::tensor::Float;

/// Side of one image in pixels: rows of `DIGIT_SIDE²` values are drawn as squares.
pub const DIGIT_SIDE: usize = 28;
/// More images than this do not fit a readable figure: slice the batch first.
const MAX_IMAGES: usize = 100;
/// Preferred size of one grid cell: a 3× image plus its caption.
const CELL: (u32, u32) = (104, 126);
/// Height kept for a caption above each image.
const CAPTION: u32 = 24;
/// Height of the title and summary lines above the grid.
const HEADER: u32 = 70;

/// A grid of grey-scale digit images with labels and optional predictions.
#[derive(Clone, Debug, PartialEq)]
pub struct DigitGrid {
    title: String,
    images: Array2<f64>,
    labels: Vec<usize>,
    predictions: Option<Vec<usize>>,
}

impl DigitGrid {
    /// One image per row of `images` (784 values each), captioned with `labels`.
    pub fn new<S, A>(
        title: impl Into<String>,
        images: &ArrayBase<S, Ix2>,
        labels: &[usize],
    ) -> DigitGrid
    where
        S: Data<Elem = A>,
        A: Float,
    {
        DigitGrid {
            title: title.into(),
            images: images.mapv(|v| v.to_f64().unwrap_or(f64::NAN)),
            labels: labels.to_vec(),
            predictions: None,
        }
    }

    /// Adds the model's predictions: each caption shows it, and wrong ones are marked in red.
    pub fn predictions(mut self, predicted: &[usize]) -> DigitGrid {
        self.predictions = Some(predicted.to_vec());
        self
    }

    /// The grid as a one-panel [`Figure`], after checking its data.
    pub fn figure(self) -> Result<Figure> {
        Figure::new(self)
    }

    /// Checks the images are 784 long, between 1 and 100 of them, and labels line up.
    pub(crate) fn validate(&self) -> Result<()> {
        let (n, len) = self.images.dim();
        let pixels = DIGIT_SIDE * DIGIT_SIDE;
        if len != pixels {
            return Err(shape_error(
                "digit grid images",
                &[n, len],
                &[pixels],
                &format!("one image per row, {DIGIT_SIDE}×{DIGIT_SIDE} = {pixels} pixels each"),
            ));
        }
        if n == 0 || n > MAX_IMAGES {
            return Err(Error::Invalid(format!(
                "digit grid: {n} images; expected 1 to {MAX_IMAGES} (slice the batch first)"
            )));
        }
        if self.labels.len() != n {
            return Err(shape_error(
                "digit grid (images, labels)",
                &[n, len],
                &[self.labels.len()],
                "one label per image row",
            ));
        }
        match &self.predictions {
            Some(p) if p.len() != n => Err(shape_error(
                "digit grid (images, predictions)",
                &[n, len],
                &[p.len()],
                "one prediction per image row",
            )),
            _ => Ok(()),
        }
    }

    /// Images to a row: about a square grid, at most 10 wide.
    fn columns(&self) -> usize {
        let n = self.images.nrows().max(1);
        ((n as f64).sqrt().ceil() as usize).clamp(1, 10)
    }

    /// Enough room for every cell at 3× scale plus the header.
    pub(crate) fn preferred_size(&self) -> (u32, u32) {
        let columns = self.columns();
        let rows = self.images.nrows().div_ceil(columns).max(1);
        let width = (columns as u32 * CELL.0 + 40).max(360);
        (width, rows as u32 * CELL.1 + HEADER)
    }

    /// Whether image `i` has a prediction that differs from its label.
    fn is_wrong(&self, i: usize) -> bool {
        self.predictions
            .as_ref()
            .is_some_and(|p| p[i] != self.labels[i])
    }

    /// The line under the title: how many predictions are wrong, or how many pixels are bad.
    fn summary(&self) -> Option<(String, RGBColor)> {
        let bad_pixels = self.images.iter().filter(|v| !v.is_finite()).count();
        if bad_pixels > 0 {
            return Some((
                format!("({bad_pixels} non-finite pixels drawn in red)"),
                WARNING,
            ));
        }
        let n = self.images.nrows();
        let wrong = (0..n).filter(|&i| self.is_wrong(i)).count();
        match (&self.predictions, wrong) {
            (None, _) => None,
            (Some(_), 0) => Some((format!("label (prediction): all {n} predicted right"), INK)),
            (Some(_), _) => Some((
                format!("label (prediction): {wrong} of {n} wrong, framed in red"),
                WARNING,
            )),
        }
    }

    /// Grey level of every finite pixel: `low` is white, `high` is black.
    fn ink_range(&self) -> (f64, f64) {
        let finite = || self.images.iter().copied().filter(|v| v.is_finite());
        let low = finite().fold(f64::INFINITY, f64::min);
        let high = finite().fold(f64::NEG_INFINITY, f64::max);
        if low.is_finite() && high > low {
            (low, high)
        } else {
            (0.0, 1.0)
        }
    }

    /// Draws the header, then one captioned image per cell.
    pub(crate) fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let mut area = area.titled(&self.title, text(TITLE_SIZE))?;
        if let Some((line, colour)) = self.summary() {
            area = area.titled(&line, coloured_text(LEGEND_SIZE, colour))?;
        }
        let area = area.margin(6, 6, 20, 20);
        let columns = self.columns();
        let rows = self.images.nrows().div_ceil(columns);
        let ink = self.ink_range();
        for (i, cell) in area
            .split_evenly((rows, columns))
            .iter()
            .enumerate()
            .take(self.images.nrows())
        {
            self.draw_cell(cell, i, ink)?;
        }
        Ok(())
    }

    /// Caption centred on top, the image scaled by a whole number below it.
    fn draw_cell<DB: DrawingBackend>(
        &self,
        cell: &DrawingArea<DB, Shift>,
        i: usize,
        ink: (f64, f64),
    ) -> DrawResult<DB> {
        let (w, h) = cell.dim_in_pixel();
        let wrong = self.is_wrong(i);
        let caption = match &self.predictions {
            Some(p) => format!("{} ({})", self.labels[i], p[i]),
            None => self.labels[i].to_string(),
        };
        let colour = if wrong { WARNING } else { INK };
        let style = coloured_text(LEGEND_SIZE, colour).pos(Pos::new(HPos::Center, VPos::Top));
        cell.draw_text(&caption, &style, (w as i32 / 2, 3))?;
        // scale = largest whole number with 28·scale fitting the cell below the caption
        let scale = (w.saturating_sub(8).min(h.saturating_sub(CAPTION + 4)) / DIGIT_SIDE as u32)
            .max(1) as i32;
        let side = scale * DIGIT_SIDE as i32;
        let origin = ((w as i32 - side) / 2, CAPTION as i32);
        draw_image(cell, self.images.row(i), origin, scale, ink)?;
        let frame = if wrong {
            WARNING.stroke_width(3)
        } else {
            RGBColor(200, 200, 200).stroke_width(1)
        };
        cell.draw(&Rectangle::new(
            [
                (origin.0 - 2, origin.1 - 2),
                (origin.0 + side + 1, origin.1 + side + 1),
            ],
            frame,
        ))
    }
}

/// Draws one 28 × 28 image with its top-left corner at `origin`, each pixel a `scale`-sized square.
/// White pixels are skipped (the background is white), which keeps SVGs small.
fn draw_image<DB: DrawingBackend>(
    cell: &DrawingArea<DB, Shift>,
    pixels: ArrayView1<'_, f64>,
    origin: (i32, i32),
    scale: i32,
    (low, high): (f64, f64),
) -> DrawResult<DB> {
    for (k, &v) in pixels.iter().enumerate() {
        let colour = if v.is_finite() {
            // grey = 255 · (1 − (v − low) / (high − low)): dark ink on white paper
            let t = ((v - low) / (high - low)).clamp(0.0, 1.0);
            let grey = (255.0 * (1.0 - t)).round() as u8;
            RGBColor(grey, grey, grey)
        } else {
            WARNING
        };
        if colour == RGBColor(255, 255, 255) {
            continue;
        }
        let (row, col) = ((k / DIGIT_SIDE) as i32, (k % DIGIT_SIDE) as i32);
        let top_left = (origin.0 + col * scale, origin.1 + row * scale);
        cell.draw(&Rectangle::new(
            [top_left, (top_left.0 + scale, top_left.1 + scale)],
            colour.filled(),
        ))?;
    }
    Ok(())
}
