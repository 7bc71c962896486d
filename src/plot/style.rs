//! The shared look of every figure: the embedded font, text sizes, the series palette,
//! the two colour maps and how tick values are written.

use std::sync::OnceLock;

use plotters::style::colors::colormaps::{ColorMap, ViridisRGB};
use plotters::style::{FontStyle, IntoFont, RGBColor, TextStyle, register_font};

use crate::error::{Error, Result};

/// A subset of DejaVu Sans (Latin-1, Greek, arrows, super/subscripts); see `assets/fonts/README.md`.
const FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-subset.ttf");

/// The family name the bundled font is registered under; plotters' defaults ask for it too.
pub(crate) const FONT_FAMILY: &str = "sans-serif";

/// Registers the bundled font with plotters, once per process. No system font is ever looked up.
pub(crate) fn ensure_font() -> Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED
        .get_or_init(|| register_font(FONT_FAMILY, FontStyle::Normal, FONT_BYTES).is_ok());
    if ok {
        Ok(())
    } else {
        Err(Error::Invalid(
            "plot: the bundled font assets/fonts/DejaVuSans-subset.ttf is not a valid TrueType font"
                .to_string(),
        ))
    }
}

/// Text sizes in pixels.
pub(crate) const TITLE_SIZE: f64 = 22.0;
pub(crate) const LABEL_SIZE: f64 = 17.0;
pub(crate) const TICK_SIZE: f64 = 14.0;
pub(crate) const LEGEND_SIZE: f64 = 15.0;

/// Black text of `size` pixels in the bundled font.
pub(crate) fn text(size: f64) -> TextStyle<'static> {
    (FONT_FAMILY, size).into_font().color(&INK)
}

/// Text of `size` pixels in `colour`.
pub(crate) fn coloured_text(size: f64, colour: RGBColor) -> TextStyle<'static> {
    (FONT_FAMILY, size).into_font().color(&colour)
}

/// Near-black for text and axes.
pub(crate) const INK: RGBColor = RGBColor(30, 30, 30);
/// The colour of warnings: dropped points, wrong predictions.
pub(crate) const WARNING: RGBColor = RGBColor(200, 20, 20);
/// Light grey for grid lines.
pub(crate) const GRID: RGBColor = RGBColor(225, 225, 225);

/// Ten colours that stay distinct side by side (the "category 10" set).
const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// The colour of series number `i` (the palette repeats after ten).
pub(crate) fn series_colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Linear blend `a + t (b - a)` of two colours, `t` in `[0, 1]`.
fn blend(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let mix = |x: u8, y: u8| (x as f64 + t * (y as f64 - x as f64)).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

const DIVERGING_LOW: RGBColor = RGBColor(33, 102, 172);
const DIVERGING_MID: RGBColor = RGBColor(255, 255, 255);
const DIVERGING_HIGH: RGBColor = RGBColor(178, 24, 43);

/// Blue–white–red: `t = -1` is blue, `0` white, `1` red (`t` is clamped to `[-1, 1]`).
pub(crate) fn diverging(t: f64) -> RGBColor {
    let t = t.clamp(-1.0, 1.0);
    if t < 0.0 {
        blend(DIVERGING_MID, DIVERGING_LOW, -t)
    } else {
        blend(DIVERGING_MID, DIVERGING_HIGH, t)
    }
}

/// Viridis, dark purple at `t = 0` to yellow at `t = 1` (`t` is clamped to `[0, 1]`, NaN is 0).
pub(crate) fn sequential(t: f64) -> RGBColor {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    ViridisRGB.get_color(t)
}

/// Values beyond `±MAX_DRAWN` are not drawn: an axis spanning them would overflow
/// (`1e308 - (-1e308)` is infinite), and plotters cannot place points on it.
pub(crate) const MAX_DRAWN: f64 = 1e300;

/// How a value that cannot be drawn is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Undrawable {
    /// NaN or ±∞.
    NonFinite,
    /// Finite but beyond `±MAX_DRAWN`.
    TooLarge,
}

/// Why `v` cannot be drawn on a linear axis, or `None` when it can.
pub(crate) fn undrawable(v: f64) -> Option<Undrawable> {
    if !v.is_finite() {
        Some(Undrawable::NonFinite)
    } else if v.abs() > MAX_DRAWN {
        Some(Undrawable::TooLarge)
    } else {
        None
    }
}

/// Whether `low..high` is a usable axis range: finite, increasing, within `±MAX_DRAWN`.
pub(crate) fn is_axis_range(low: f64, high: f64) -> bool {
    undrawable(low).is_none() && undrawable(high).is_none() && low < high
}

/// A tick value written short: `0`, `0.25`, `120`, `1.5e-7`, `3e12`. Values within
/// `1e-9 · span` of zero are rounding noise from stepping along an axis of that span: they print `0`.
pub(crate) fn format_tick(v: f64, span: f64) -> String {
    let a = v.abs();
    if a <= 1e-9 * span.abs() || a == 0.0 {
        "0".to_string()
    } else if !(1e-3..1e5).contains(&a) {
        format!("{v:.1e}").replace(".0e", "e")
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A tick on a log₁₀ axis: the axis holds `k = log10(y)`, the label shows `10^k` short.
pub(crate) fn format_log_tick(k: f64) -> String {
    if (k - k.round()).abs() < 1e-9 && !(-3.0..=4.0).contains(&k) {
        format!("1e{}", k.round() as i64)
    } else {
        format_tick(10f64.powf(k), 0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_short_and_exact_enough() {
        assert_eq!(format_tick(0.0, 1.0), "0");
        assert_eq!(format_tick(0.25, 1.0), "0.25");
        assert_eq!(format_tick(120.0, 1.0), "120");
        assert_eq!(format_tick(-2.5e-7, 1e-6), "-2.5e-7");
        assert_eq!(format_tick(3e12, 1e13), "3e12");
        assert_eq!(
            format_tick(-2.8e-17, 0.5),
            "0",
            "rounding noise on a 0.5-wide axis"
        );
        assert_eq!(format_log_tick(-30.0), "1e-30");
        assert_eq!(format_log_tick(2.0), "100");
    }

    #[test]
    fn diverging_map_is_white_at_zero_and_saturates() {
        assert_eq!(diverging(0.0), RGBColor(255, 255, 255));
        assert_eq!(diverging(-1.0), DIVERGING_LOW);
        assert_eq!(diverging(7.0), DIVERGING_HIGH);
        let half = diverging(0.5);
        assert!(half.0 > half.2, "positive values lean red: {half:?}");
    }
}
