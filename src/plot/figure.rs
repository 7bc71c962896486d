//! [`Figure`]: one or more panels laid out in a grid, rendered to PNG or SVG, saved atomically
//! and shown inline in an evcxr notebook.

use std::io::Write;
use std::path::Path;

use base64::Engine;
use plotters::coord::Shift;
use plotters::prelude::{
    BitMapBackend, DrawingArea, DrawingAreaErrorKind, DrawingBackend, IntoDrawingArea, SVGBackend,
};
use plotters::style::WHITE;

use super::digits::DigitGrid;
use super::heatmap::HeatMap;
use super::lines::LineChart;
use super::style::{TITLE_SIZE, ensure_font, text};
use crate::error::{Error, Result};

/// What a drawing step returns: plotters' own error for the backend in use.
pub(crate) type DrawResult<DB> =
    std::result::Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// The largest width or height, in pixels, a figure may have.
const MAX_SIDE: u32 = 8192;
/// Height of the band holding a figure-wide title.
const TITLE_BAND: u32 = 46;
/// Blank pixels above and right of every panel.
const PANEL_PADDING: u32 = 8;

/// One panel of a figure: a chart of lines, a heat map or a grid of digit images.
#[derive(Clone, Debug)]
pub enum Panel {
    /// Labelled line series on shared axes.
    Lines(LineChart),
    /// A matrix drawn as coloured cells with a colour bar.
    Heat(HeatMap),
    /// Small grey-scale images with their labels.
    Digits(DigitGrid),
}

impl From<LineChart> for Panel {
    fn from(chart: LineChart) -> Panel {
        Panel::Lines(chart)
    }
}

impl From<HeatMap> for Panel {
    fn from(map: HeatMap) -> Panel {
        Panel::Heat(map)
    }
}

impl From<DigitGrid> for Panel {
    fn from(grid: DigitGrid) -> Panel {
        Panel::Digits(grid)
    }
}

impl Panel {
    /// Checks the panel's data and says what is wrong with it.
    fn validate(&self) -> Result<()> {
        match self {
            Panel::Lines(chart) => chart.validate(),
            Panel::Heat(map) => map.validate(),
            Panel::Digits(grid) => grid.validate(),
        }
    }

    /// The size in pixels this panel looks right at.
    fn preferred_size(&self) -> (u32, u32) {
        match self {
            Panel::Lines(_) => (760, 460),
            Panel::Heat(map) => map.preferred_size(),
            Panel::Digits(grid) => grid.preferred_size(),
        }
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        match self {
            Panel::Lines(chart) => chart.draw(area),
            Panel::Heat(map) => map.draw(area),
            Panel::Digits(grid) => grid.draw(area),
        }
    }
}

/// A finished picture: panels in a grid of `columns`, an optional title, a size in pixels.
///
/// Build one with [`Figure::new`] or [`Figure::grid`] (or the one-call helpers in
/// [`crate::plot`]), then [`to_png`](Figure::to_png), [`to_svg`](Figure::to_svg),
/// [`save`](Figure::save) it, or leave it as the last value of an evcxr cell to see it inline.
#[derive(Clone, Debug)]
pub struct Figure {
    panels: Vec<Panel>,
    columns: usize,
    title: Option<String>,
    size: (u32, u32),
}

impl Figure {
    /// A figure holding one panel, after checking the panel's data.
    pub fn new(panel: impl Into<Panel>) -> Result<Figure> {
        Figure::grid(1, vec![panel.into()])
    }

    /// Panels laid out row by row, `columns` to a row; every panel's data is checked first.
    pub fn grid(columns: usize, panels: Vec<Panel>) -> Result<Figure> {
        if panels.is_empty() {
            return Err(Error::Invalid("figure: no panels to draw".to_string()));
        }
        if columns == 0 {
            return Err(Error::Invalid(
                "figure: columns must be at least 1".to_string(),
            ));
        }
        for panel in &panels {
            panel.validate()?;
        }
        let columns = columns.min(panels.len());
        let rows = u32::try_from(panels.len().div_ceil(columns)).unwrap_or(u32::MAX);
        let (cell_w, cell_h) = panels
            .iter()
            .map(Panel::preferred_size)
            .fold((0, 0), |(w, h), (pw, ph)| (w.max(pw), h.max(ph)));
        // size = (columns × widest panel, rows × tallest panel), capped at MAX_SIDE
        let size = (
            u32::try_from(columns)
                .unwrap_or(u32::MAX)
                .saturating_mul(cell_w)
                .min(MAX_SIDE),
            rows.saturating_mul(cell_h).min(MAX_SIDE),
        );
        Ok(Figure {
            panels,
            columns,
            title: None,
            size,
        })
    }

    /// Adds a title across the top of the whole figure (it grows by a band to hold it).
    pub fn with_title(mut self, title: impl Into<String>) -> Figure {
        if self.title.is_none() {
            self.size.1 = (self.size.1 + TITLE_BAND).min(MAX_SIDE);
        }
        self.title = Some(title.into());
        self
    }

    /// Changes the size in pixels; each side must be in `64..=8192`.
    pub fn with_size(mut self, width: u32, height: u32) -> Result<Figure> {
        let ok = |side: u32| (64..=MAX_SIDE).contains(&side);
        if !ok(width) || !ok(height) {
            return Err(Error::Invalid(format!(
                "figure: size {width}×{height} px; each side must be between 64 and {MAX_SIDE}"
            )));
        }
        self.size = (width, height);
        Ok(self)
    }

    /// Width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        self.size
    }

    /// Draws every panel on `root`: white background, the title band, then the grid of panels.
    fn draw_on<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> DrawResult<DB> {
        root.fill(&WHITE)?;
        let body = match &self.title {
            Some(title) => root
                .margin(6, 0, 0, 0)
                .titled(title, text(TITLE_SIZE + 4.0))?,
            None => root.clone(),
        };
        let rows = self.panels.len().div_ceil(self.columns);
        for (panel, cell) in self
            .panels
            .iter()
            .zip(body.split_evenly((rows, self.columns)))
        {
            panel.draw(&cell.margin(PANEL_PADDING, 0, 0, PANEL_PADDING))?;
        }
        root.present()
    }

    /// The figure as a packed RGB buffer, 3 bytes a pixel, row by row.
    pub fn to_rgb(&self) -> Result<Vec<u8>> {
        ensure_font()?;
        let (w, h) = self.size;
        let mut rgb = vec![0u8; w as usize * h as usize * 3];
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        self.draw_on(root).map_err(drawing_failed)?;
        Ok(rgb)
    }

    /// The figure as PNG bytes: 8-bit RGB, no timestamp or other metadata, so the same
    /// figure always gives the same bytes.
    pub fn to_png(&self) -> Result<Vec<u8>> {
        encode_png(&self.to_rgb()?, self.size)
    }

    /// The figure as an SVG document; text stays text, in the `sans-serif` family.
    pub fn to_svg(&self) -> Result<String> {
        ensure_font()?;
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, self.size).into_drawing_area();
            self.draw_on(root).map_err(drawing_failed)?;
        }
        Ok(svg)
    }

    /// Writes the figure to `path` as PNG or SVG, chosen by the extension (`.png`, `.svg`).
    ///
    /// The bytes go to a temporary file beside `path` that is then renamed over it, so a reader
    /// never sees half a figure.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let bytes = match extension.as_deref() {
            Some("png") => self.to_png()?,
            Some("svg") => self.to_svg()?.into_bytes(),
            _ => {
                return Err(Error::Invalid(format!(
                    "figure: cannot save {}: the file name must end in .png or .svg",
                    path.display()
                )));
            }
        };
        write_atomically(path, &bytes)
    }

    /// The block evcxr reads from standard output to show a PNG inline:
    /// `EVCXR_BEGIN_CONTENT image/png`, the base64 of the PNG, `EVCXR_END_CONTENT`.
    pub fn evcxr_content(&self) -> Result<String> {
        let png = self.to_png()?;
        let encoded = base64::engine::general_purpose::STANDARD.encode(png);
        Ok(format!(
            "EVCXR_BEGIN_CONTENT image/png\n{encoded}\nEVCXR_END_CONTENT\n"
        ))
    }

    /// Shows the figure inline when it is the last value of an evcxr notebook cell.
    ///
    /// evcxr calls this by name; it prints [`evcxr_content`](Figure::evcxr_content) in one write,
    /// or the error as plain text if the figure cannot be drawn.
    pub fn evcxr_display(&self) {
        let block = match self.evcxr_content() {
            Ok(block) => block,
            Err(e) => format!("EVCXR_BEGIN_CONTENT text/plain\n{e}\nEVCXR_END_CONTENT\n"),
        };
        let mut out = std::io::stdout().lock();
        // A notebook whose stdout is gone has nowhere to show an error either.
        let _ = out.write_all(block.as_bytes()).and_then(|()| out.flush());
    }
}

/// Wraps a plotters failure (which bad data cannot cause: the data was checked) in the crate error.
fn drawing_failed(e: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("figure: drawing failed: {e}"))
}

/// PNG-encodes an RGB buffer; the encoder writes only IHDR, IDAT and IEND chunks.
fn encode_png(rgb: &[u8], (w, h): (u32, u32)) -> Result<Vec<u8>> {
    let failed =
        |e: png::EncodingError| Error::Invalid(format!("figure: PNG encoding failed: {e}"));
    let mut png_bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut png_bytes, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Balanced);
    let mut writer = encoder.write_header().map_err(failed)?;
    writer.write_image_data(rgb).map_err(failed)?;
    writer.finish().map_err(failed)?;
    Ok(png_bytes)
}

/// Writes `bytes` to `path.tmp` (same folder), then renames it to `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let io_error = |p: &Path| {
        let p = p.to_path_buf();
        move |source| Error::Io { path: p, source }
    };
    let mut tmp_name = path.as_os_str().to_owned();
    tmp_name.push(".tmp");
    let tmp = Path::new(&tmp_name);
    std::fs::write(tmp, bytes).map_err(io_error(tmp))?;
    std::fs::rename(tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(tmp);
        io_error(path)(e)
    })
}
