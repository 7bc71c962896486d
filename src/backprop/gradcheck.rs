//! Checking hand-written gradients against finite differences.
//!
//! For one entry `t[k]` of a tensor the central difference
//! `numeric = (loss(t[k] + h) - loss(t[k] - h)) / 2h` approximates `∂loss/∂t[k]` with an error of
//! order `h²`. Doing this for every entry of a 784×50 weight means 78,400 forward passes, so the
//! checker compares a seeded random sample of entries per tensor, always in `f64`.

use std::fmt;

use ndarray::{Array1, Array2, ArrayD, Ix1, Ix2};

use super::functional::{MlpParams, forward_and_backward, model, mse};
use crate::error::{Error, Result, shape_error};
use crate::init;

/// How to run a gradient check.
#[derive(Clone, Debug, PartialEq)]
pub struct GradCheck {
    /// The finite-difference step `h`.
    pub step: f64,
    /// A tensor is `exact` when `maxdiff <= exact_tol`.
    pub exact_tol: f64,
    /// A tensor is `approx` when `maxdiff <= approx_tol` (the looser tolerance).
    pub approx_tol: f64,
    /// How many entries of each tensor to check; smaller tensors are checked whole.
    pub samples: usize,
    /// Seed for choosing the sampled entries.
    pub seed: u64,
}

impl Default for GradCheck {
    /// `h = 1e-6`, `exact_tol = 1e-7`, `approx_tol = 1e-4`, 100 entries per tensor, seed 0.
    fn default() -> Self {
        GradCheck {
            step: 1e-6,
            exact_tol: 1e-7,
            approx_tol: 1e-4,
            samples: 100,
            seed: 0,
        }
    }
}

/// The result for one tensor.
#[derive(Clone, Debug, PartialEq)]
pub struct GradCheckRow {
    /// The tensor's name.
    pub name: String,
    /// `maxdiff <= exact_tol`.
    pub exact: bool,
    /// `maxdiff <= approx_tol`.
    pub approx: bool,
    /// `max_k |analytic[k] - numeric[k]| / scale` over the checked entries, where `scale` is the
    /// largest `|analytic[k]|` or `|numeric[k]|` among them: the error relative to the size of
    /// this tensor's gradient.
    pub maxdiff: f64,
    /// How many entries were checked.
    pub checked: usize,
    /// How many entries the tensor has.
    pub total: usize,
}

/// One row per checked tensor; `Display` prints them as an aligned table.
#[derive(Clone, Debug, PartialEq)]
pub struct GradReport {
    /// The rows, in the order the tensors were given.
    pub rows: Vec<GradCheckRow>,
}

impl GradReport {
    /// True when every tensor is within the looser tolerance.
    pub fn all_approx(&self) -> bool {
        self.rows.iter().all(|r| r.approx)
    }

    /// The largest `maxdiff` of all tensors.
    pub fn worst(&self) -> f64 {
        self.rows.iter().map(|r| r.maxdiff).fold(0.0, f64::max)
    }
}

impl fmt::Display for GradReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self
            .rows
            .iter()
            .map(|r| r.name.len())
            .max()
            .unwrap_or(0)
            .max(6);
        writeln!(
            f,
            "{:<width$} | exact | approx | {:<9} | checked",
            "tensor", "maxdiff"
        )?;
        for r in &self.rows {
            writeln!(
                f,
                "{:<width$} | {:<5} | {:<6} | {:<9} | {}/{}",
                r.name,
                r.exact,
                r.approx,
                format!("{:.2e}", r.maxdiff),
                r.checked,
                r.total
            )?;
        }
        Ok(())
    }
}

impl GradCheck {
    /// Compares `analytic[t]` with central differences of `loss` for every tensor `values[t]`.
    ///
    /// `loss` receives all of `values` each time, with one entry of one tensor moved by `±h`;
    /// the entry is put back afterwards. `names`, `values` and `analytic` go together by index
    /// and each gradient must have its tensor's shape.
    pub fn run(
        &self,
        names: &[&str],
        values: &mut [ArrayD<f64>],
        analytic: &[ArrayD<f64>],
        mut loss: impl FnMut(&[ArrayD<f64>]) -> Result<f64>,
    ) -> Result<GradReport> {
        if names.len() != values.len() || analytic.len() != values.len() {
            return Err(Error::Invalid(format!(
                "gradient check: {} names, {} tensors, {} gradients; expected one of each per tensor",
                names.len(),
                values.len(),
                analytic.len()
            )));
        }
        let mut rng = init::rng(self.seed);
        let mut rows = Vec::with_capacity(values.len());
        for t in 0..values.len() {
            if values[t].shape() != analytic[t].shape() {
                return Err(shape_error(
                    names[t],
                    values[t].shape(),
                    analytic[t].shape(),
                    "a gradient of the same shape as its tensor",
                ));
            }
            rows.push(self.check_tensor(&mut rng, names[t], values, t, &analytic[t], &mut loss)?);
        }
        Ok(GradReport { rows })
    }

    /// The row for tensor `t`: central differences at a random sample of its entries against
    /// `analytic`. A NaN anywhere makes `maxdiff` infinite, so the tensor fails.
    fn check_tensor(
        &self,
        rng: &mut init::Rng,
        name: &str,
        values: &mut [ArrayD<f64>],
        t: usize,
        analytic: &ArrayD<f64>,
        loss: &mut impl FnMut(&[ArrayD<f64>]) -> Result<f64>,
    ) -> Result<GradCheckRow> {
        values[t] = values[t].as_standard_layout().into_owned();
        let analytic = analytic.as_standard_layout();
        let analytic = analytic.as_slice().unwrap_or_default();
        let total = values[t].len();
        let mut picked = rand::seq::index::sample(rng, total, self.samples.min(total)).into_vec();
        picked.sort_unstable();
        let (mut largest_diff, mut scale) = (0.0f64, 0.0f64);
        for &k in &picked {
            let numeric = self.central_difference(values, t, k, loss)?;
            let exact = analytic.get(k).copied().unwrap_or(f64::NAN);
            let diff = (exact - numeric).abs(); // |analytic - numeric|
            largest_diff = if diff.is_nan() {
                f64::INFINITY
            } else {
                largest_diff.max(diff)
            };
            scale = scale.max(exact.abs()).max(numeric.abs());
        }
        let maxdiff = if largest_diff == 0.0 {
            0.0
        } else {
            largest_diff / scale
        };
        Ok(GradCheckRow {
            name: name.to_string(),
            exact: maxdiff <= self.exact_tol,
            approx: maxdiff <= self.approx_tol,
            maxdiff,
            checked: picked.len(),
            total,
        })
    }

    /// `(loss(t[k] + h) - loss(t[k] - h)) / 2h` for entry `k` of tensor `t`, restoring `t[k]`.
    fn central_difference(
        &self,
        values: &mut [ArrayD<f64>],
        t: usize,
        k: usize,
        loss: &mut impl FnMut(&[ArrayD<f64>]) -> Result<f64>,
    ) -> Result<f64> {
        let original = *entry_mut(values, t, k)?;
        *entry_mut(values, t, k)? = original + self.step;
        let up = loss(values);
        *entry_mut(values, t, k)? = original - self.step;
        let down = loss(values);
        *entry_mut(values, t, k)? = original;
        Ok((up? - down?) / (2.0 * self.step))
    }
}

/// Entry `k` (in row-major order) of tensor `t`, which must be in standard layout.
fn entry_mut(values: &mut [ArrayD<f64>], t: usize, k: usize) -> Result<&mut f64> {
    values[t]
        .as_slice_mut()
        .and_then(|s| s.get_mut(k))
        .ok_or_else(|| Error::Invalid(format!("gradient check: tensor {t} has no entry {k}")))
}

/// Takes a 2-d copy out of a shape-erased tensor.
fn matrix(a: &ArrayD<f64>) -> Result<Array2<f64>> {
    a.view()
        .into_dimensionality::<Ix2>()
        .map(|v| v.to_owned())
        .map_err(|e| Error::Shape(format!("gradient check: expected a matrix: {e}")))
}

/// Takes a 1-d copy out of a shape-erased tensor.
fn vector(a: &ArrayD<f64>) -> Result<Array1<f64>> {
    a.view()
        .into_dimensionality::<Ix1>()
        .map(|v| v.to_owned())
        .map_err(|e| Error::Shape(format!("gradient check: expected a vector: {e}")))
}

/// Checks [`forward_and_backward`] against finite differences of `mse(model(x), y)` for the
/// input and all four parameters (rows `x`, `w1`, `b1`, `w2`, `b2`).
pub fn check_forward_and_backward(
    x: &Array2<f64>,
    y: &Array1<f64>,
    params: &MlpParams<f64>,
    check: &GradCheck,
) -> Result<GradReport> {
    let (_, grads) = forward_and_backward(x, y, params)?;
    let names = ["x", "w1", "b1", "w2", "b2"];
    let mut values = [
        x.clone().into_dyn(),
        params.w1.clone().into_dyn(),
        params.b1.clone().into_dyn(),
        params.w2.clone().into_dyn(),
        params.b2.clone().into_dyn(),
    ];
    let analytic = [
        grads.x.into_dyn(),
        grads.w1.into_dyn(),
        grads.b1.into_dyn(),
        grads.w2.into_dyn(),
        grads.b2.into_dyn(),
    ];
    check.run(&names, &mut values, &analytic, |v| {
        let params = MlpParams {
            w1: matrix(&v[1])?,
            b1: vector(&v[2])?,
            w2: matrix(&v[3])?,
            b2: vector(&v[4])?,
        };
        mse(&model(&matrix(&v[0])?, &params)?, y)
    })
}
