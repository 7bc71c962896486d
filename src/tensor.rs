//! Helpers every stage uses: the float trait, compact printing, closeness checks and timing.

use std::fmt;
use std::time::Instant;

use ndarray::{ArrayBase, ArrayView, Axis, Data, Dimension, IxDyn};
use num_traits::ToPrimitive;

use crate::error::{Error, Result};

/// The element types the library computes with: `f32` for speed, `f64` for gradient checks.
pub trait Float:
    num_traits::Float
    + num_traits::FromPrimitive
    + ndarray::LinalgScalar
    + ndarray::ScalarOperand
    + std::iter::Sum
    + std::ops::AddAssign
    + std::ops::SubAssign
    + std::ops::MulAssign
    + fmt::Debug
    + fmt::Display
    + Send
    + Sync
    + 'static
{
    /// Converts an `f64` constant into this type (exact for `f64`, rounded for `f32`).
    fn lit(x: f64) -> Self {
        <Self as num_traits::FromPrimitive>::from_f64(x).expect("every f64 converts to a float")
    }
}

impl Float for f32 {}
impl Float for f64 {}

/// How many characters a printed row may take before it wraps.
const LINE_WIDTH: usize = 125;
/// Arrays with more elements than this print only their first and last `EDGE_ITEMS` per axis.
const SUMMARY_THRESHOLD: usize = 1000;
const EDGE_ITEMS: usize = 3;

/// A compact view of an array for printing: 2 decimals, long axes elided in the middle,
/// rows wrapped at 125 columns, and the shape at the end.
///
/// ```
/// let a = ndarray::array![[1.0f32, 2.5], [3.25, -4.0]];
/// assert_eq!(foundations::tensor::show(&a).to_string(), "[[ 1.00,  2.50],\n [ 3.25, -4.00]] shape=[2, 2]");
/// ```
pub fn show<S, D>(a: &ArrayBase<S, D>) -> Show<'_, S::Elem>
where
    S: Data,
    S::Elem: Float,
    D: Dimension,
{
    Show(a.view().into_dyn())
}

/// The value [`show`] returns; `Display` and `Debug` both print the compact form.
pub struct Show<'a, A>(ArrayView<'a, A, IxDyn>);

impl<A: Float> fmt::Display for Show<'_, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let summarise = self.0.len() > SUMMARY_THRESHOLD;
        let width = self
            .0
            .iter()
            .map(|x| format!("{x:.2}").len())
            .max()
            .unwrap_or(1);
        let mut out = String::new();
        write_axis(&mut out, self.0.view(), width, summarise, 0);
        write!(f, "{out} shape={:?}", self.0.shape())
    }
}

impl<A: Float> fmt::Debug for Show<'_, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The indices of an axis of length `n` that get printed (`None` marks the elided middle).
fn shown_indices(n: usize, summarise: bool) -> Vec<Option<usize>> {
    if summarise && n > 2 * EDGE_ITEMS {
        let head = (0..EDGE_ITEMS).map(Some);
        let tail = (n - EDGE_ITEMS..n).map(Some);
        head.chain(std::iter::once(None)).chain(tail).collect()
    } else {
        (0..n).map(Some).collect()
    }
}

fn write_axis<A: Float>(
    out: &mut String,
    a: ArrayView<'_, A, IxDyn>,
    width: usize,
    summarise: bool,
    depth: usize,
) {
    if a.ndim() == 0 {
        out.push_str(&format!(
            "{:>width$.2}",
            a.iter().next().copied().unwrap_or(A::zero())
        ));
        return;
    }
    let indent = " ".repeat(depth + 1);
    out.push('[');
    let items = shown_indices(a.len_of(Axis(0)), summarise);
    let mut line_len = depth + 1;
    for (k, item) in items.iter().enumerate() {
        let last = k + 1 == items.len();
        if a.ndim() == 1 {
            let cell = match item {
                Some(i) => format!("{:>width$.2}", a[[*i]]),
                None => "...".to_string(),
            };
            if line_len + cell.len() + 2 > LINE_WIDTH && k > 0 {
                out.push('\n');
                out.push_str(&indent);
                line_len = depth + 1;
            }
            out.push_str(&cell);
            line_len += cell.len();
            if !last {
                out.push_str(", ");
                line_len += 2;
            }
        } else {
            match item {
                Some(i) => write_axis(out, a.index_axis(Axis(0), *i), width, summarise, depth + 1),
                None => out.push_str("..."),
            }
            if !last {
                out.push(',');
                out.push_str(&"\n".repeat(a.ndim() - 1));
                out.push_str(&indent);
            }
        }
    }
    out.push(']');
}

/// Checks `|a - b| <= eps + eps * |b|` for every element (relative and absolute tolerance `eps`).
pub fn test_close<S1, S2, D>(a: &ArrayBase<S1, D>, b: &ArrayBase<S2, D>, eps: f64) -> Result<()>
where
    S1: Data,
    S2: Data<Elem = S1::Elem>,
    S1::Elem: Float,
    D: Dimension,
{
    compare(a, b, eps, eps, "test_close")
}

/// Checks `|a - b| <= 1e-5 + 1e-3 * |b|` for every element: "the same up to float32 noise".
pub fn test_near<S1, S2, D>(a: &ArrayBase<S1, D>, b: &ArrayBase<S2, D>) -> Result<()>
where
    S1: Data,
    S2: Data<Elem = S1::Elem>,
    S1::Elem: Float,
    D: Dimension,
{
    compare(a, b, 1e-3, 1e-5, "test_near")
}

/// Checks `|a| < tol` for every element.
pub fn test_near_zero<S, D>(a: &ArrayBase<S, D>, tol: f64) -> Result<()>
where
    S: Data,
    S::Elem: Float,
    D: Dimension,
{
    let worst = a
        .indexed_iter()
        .map(|(i, x)| (i, x.to_f64().unwrap_or(f64::NAN).abs()))
        .max_by(|(_, x), (_, y)| x.total_cmp(y));
    match worst {
        Some((idx, x)) if x >= tol || x.is_nan() => Err(Error::Mismatch(format!(
            "test_near_zero: worst element at {idx:?} is {x:e}, allowed |x| < {tol:e}"
        ))),
        _ => Ok(()),
    }
}

/// Shared body of the closeness checks: finds the element that breaks the tolerance the most.
fn compare<S1, S2, D>(
    a: &ArrayBase<S1, D>,
    b: &ArrayBase<S2, D>,
    rtol: f64,
    atol: f64,
    name: &str,
) -> Result<()>
where
    S1: Data,
    S2: Data<Elem = S1::Elem>,
    S1::Elem: Float,
    D: Dimension,
{
    if a.shape() != b.shape() {
        return Err(crate::error::shape_error(
            name,
            a.shape(),
            b.shape(),
            "equal shapes",
        ));
    }
    // excess = |a - b| / (atol + rtol * |b|); the check passes when every excess is <= 1.
    let mut worst: Option<(D::Pattern, f64, f64, f64)> = None;
    for ((idx, x), y) in a.indexed_iter().zip(b.iter()) {
        let (x, y) = (
            x.to_f64().unwrap_or(f64::NAN),
            y.to_f64().unwrap_or(f64::NAN),
        );
        let excess = if x == y {
            0.0
        } else {
            (x - y).abs() / (atol + rtol * y.abs())
        };
        let excess = if excess.is_nan() {
            f64::INFINITY
        } else {
            excess
        };
        if worst.as_ref().is_none_or(|w| excess > w.1) {
            worst = Some((idx, excess, x, y));
        }
    }
    match worst {
        Some((idx, excess, x, y)) if excess > 1.0 => Err(Error::Mismatch(format!(
            "{name}: worst element at {idx:?}: {x:e} vs {y:e}, |diff| = {:e}, allowed {:e}",
            (x - y).abs(),
            atol + rtol * y.abs()
        ))),
        _ => Ok(()),
    }
}

/// Wall-clock statistics of a timed closure, printed the way IPython's `%timeit` prints them.
#[derive(Clone, Debug, PartialEq)]
pub struct Timing {
    /// Mean seconds per loop over the runs.
    pub mean: f64,
    /// Standard deviation of the per-loop seconds over the runs.
    pub std: f64,
    /// The fastest run's seconds per loop: the run other programs disturbed least.
    pub best: f64,
    /// How many runs were timed.
    pub runs: usize,
    /// How many calls each run made.
    pub loops: usize,
}

/// Times `f`: `runs` runs of `loops` calls each, after one untimed warm-up call.
///
/// Each run's time is divided by `loops`; the result holds their mean and standard deviation.
/// The clock and the loop around the calls live in a function without type parameters, so
/// they are compiled optimised in this library even when the caller is a notebook cell
/// compiled at opt-level 0.
pub fn timeit<T>(runs: usize, loops: usize, mut f: impl FnMut() -> T) -> Timing {
    time_calls(runs, loops, &mut || {
        std::hint::black_box(f());
    })
}

/// The body of [`timeit`], for any closure behind one `dyn` call.
#[inline(never)]
fn time_calls(runs: usize, loops: usize, call: &mut dyn FnMut()) -> Timing {
    let (runs, loops) = (runs.max(1), loops.max(1));
    call();
    let per_loop: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..loops {
                call();
            }
            start.elapsed().as_secs_f64() / loops as f64
        })
        .collect();
    let mean = per_loop.iter().sum::<f64>() / runs as f64;
    let var = per_loop.iter().map(|t| (t - mean).powi(2)).sum::<f64>() / runs as f64;
    Timing {
        mean,
        std: var.sqrt(),
        best: per_loop.iter().copied().fold(f64::INFINITY, f64::min),
        runs,
        loops,
    }
}

/// Formats seconds with the unit IPython would choose: ns, µs, ms or s, three significant digits.
pub(crate) fn format_seconds(s: f64) -> String {
    let (value, unit) = match s {
        s if s < 1e-6 => (s * 1e9, "ns"),
        s if s < 1e-3 => (s * 1e6, "µs"),
        s if s < 1.0 => (s * 1e3, "ms"),
        s => (s, "s"),
    };
    let decimals = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    format!("{value:.decimals$} {unit}")
}

impl fmt::Display for Timing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                word.to_string()
            } else {
                format!("{word}s")
            }
        };
        write!(
            f,
            "{} ± {} per loop (mean ± std. dev. of {} {}, {} {} each)",
            format_seconds(self.mean),
            format_seconds(self.std),
            self.runs,
            plural(self.runs, "run"),
            self.loops,
            plural(self.loops, "loop")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array2, array};

    #[test]
    fn show_elides_the_middle_of_big_arrays_and_wraps_rows() {
        let a = Array2::from_shape_fn((50, 40), |(i, j)| (i * 40 + j) as f32 / 100.0);
        let text = show(&a).to_string();
        assert!(text.starts_with("[[ 0.00,  0.01,  0.02, ...,  0.37,  0.38,  0.39],"));
        assert!(text.contains("\n ...,\n"));
        assert!(text.ends_with("shape=[50, 40]"));
        let row = Array2::from_shape_fn((1, 60), |(_, j)| j as f32);
        assert!(
            show(&row)
                .to_string()
                .lines()
                .all(|l| l.chars().count() <= LINE_WIDTH + 14)
        );
        assert_eq!(show(&row).to_string().lines().count(), 4);
    }

    #[test]
    fn closeness_checks_name_the_worst_element() {
        let a = array![[1.0f32, 2.0], [3.0, 4.0]];
        let mut b = a.clone();
        assert!(test_close(&a, &b, 1e-6).is_ok());
        assert!(
            test_close(&a, &b, 0.0).is_ok(),
            "equal values pass even with no tolerance"
        );
        b[[1, 0]] = 3.1;
        let msg = test_close(&a, &b, 1e-3).unwrap_err().to_string();
        assert!(msg.contains("(1, 0)"), "{msg}");
        assert!(test_near(&a, &b).is_err());
        b[[1, 0]] = 3.0001;
        assert!(test_near(&a, &b).is_ok());
        let msg = test_near_zero(&array![0.0f64, -0.5, 1e-9], 1e-3)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("[1]") || msg.contains("1 is"), "{msg}");
        assert!(test_near_zero(&array![0.0f64, 1e-9], 1e-3).is_ok());
    }

    #[test]
    fn closeness_rejects_nan_and_shape_mismatch() {
        let a = array![1.0f32, f32::NAN];
        assert!(test_close(&a, &array![1.0f32, 1.0], 0.1).is_err());
        let err = test_close(&array![1.0f32], &array![1.0f32, 2.0], 0.1).unwrap_err();
        assert!(err.to_string().contains("[1] and [2]"), "{err}");
    }

    #[test]
    fn timing_prints_like_ipython() {
        let t = Timing {
            mean: 2.5e-4,
            std: 1.25e-5,
            best: 2.4e-4,
            runs: 7,
            loops: 10,
        };
        assert_eq!(
            t.to_string(),
            "250 µs ± 12.5 µs per loop (mean ± std. dev. of 7 runs, 10 loops each)"
        );
        let measured = timeit(3, 2, || (0..1000).sum::<u64>());
        assert_eq!((measured.runs, measured.loops), (3, 2));
        assert!(measured.mean > 0.0 && measured.std >= 0.0);
        assert!(measured.best > 0.0 && measured.best <= measured.mean);
    }
}
