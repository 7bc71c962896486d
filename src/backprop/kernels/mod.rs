//! The two matrix products a small MLP needs, as fast kernels (`f32` only).
//!
//! Every product in a linear layer's forward and backward pass is one of two shapes when the
//! weight is stored transposed, `wt = wᵀ` with one row per output unit (PyTorch's layout):
//!
//! | step | formula | kernel |
//! |---|---|---|
//! | forward | `out[i, j] = b[j] + Σ_k x[i, k]·wt[j, k]` | [`dot_rows`]: each output is a dot product of two rows |
//! | weight gradient (+ SGD) | `wt[j] -= lr · Σ_i g[i, j]·x[i]` | [`weighted_row_sums`] with `coef = g` |
//! | input gradient | `x.g[i] = Σ_j g[i, j]·wt[j]` | [`weighted_row_sums`] with `coef = gᵀ` |
//!
//! Both read rows that lie contiguously in memory, so with AVX-512 each inner step is one
//! 16-float load and fused multiply-adds ([`Engine::Avx512`], chosen at run time). Everywhere else
//! (no AVX-512, another CPU, or views that are not row-major) the same results come from ndarray's
//! `general_mat_mul` ([`Engine::Portable`]). The two engines agree to float rounding (tested).
//!
//! Behind a ReLU about half the coefficients of the gradient products are exactly 0:
//! [`sparse_weighted_row_sums`] gives the same sums while reading only the rows whose
//! coefficient is not 0 (module [`sparse`]).
//!
//! Why our own kernels: on the MLP's shapes (`64×784 · 784×50` and `784×64 · 64×50`), ndarray's
//! matrixmultiply, the `gemm` crate and the system OpenBLAS reach 50–85 GFLOP/s on one core;
//! these reach 94–110 and need no system library (numbers in `bench/README.md`).

#[cfg(target_arch = "x86_64")]
mod avx512;
pub mod sparse;

pub use sparse::NonZeros;

use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView1, ArrayView2, ArrayViewMut2, Axis};

use crate::error::{Result, shape_error};

/// Which implementation runs the kernels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Hand-written AVX-512 loops (x86-64 CPUs that have `avx512f`).
    Avx512,
    /// ndarray's `general_mat_mul` (matrixmultiply; uses AVX2/FMA when the CPU has them).
    Portable,
}

impl Engine {
    /// The fastest engine this CPU supports.
    pub fn detect() -> Engine {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx512f") {
            return Engine::Avx512;
        }
        Engine::Portable
    }
}

/// `out[i, j] = bias[j] + Σ_k x[i, k]·wt[j, k]`, i.e. `out = x·wtᵀ + b` for `x: (m, k)`,
/// `wt: (n, k)`, `bias: (n,)`, `out: (m, n)`.
pub fn dot_rows(
    engine: Engine,
    x: ArrayView2<'_, f32>,
    wt: ArrayView2<'_, f32>,
    bias: ArrayView1<'_, f32>,
    mut out: ArrayViewMut2<'_, f32>,
) -> Result<()> {
    if x.ncols() != wt.ncols() || bias.len() != wt.nrows() {
        return Err(shape_error(
            "dot_rows",
            x.shape(),
            wt.shape(),
            "x: (m, k), wt: (n, k) and bias: (n,)",
        ));
    }
    if out.dim() != (x.nrows(), wt.nrows()) {
        return Err(shape_error(
            "dot_rows",
            x.shape(),
            out.shape(),
            "x: (m, k) and out: (m, n)",
        ));
    }
    #[cfg(target_arch = "x86_64")]
    if engine == Engine::Avx512 && x.ncols() > 0 {
        let (Some(x), Some(wt), Some(bias)) = (x.as_slice(), wt.as_slice(), bias.as_slice()) else {
            return dot_rows_portable(x, wt, bias, out);
        };
        if let Some(out) = out.as_slice_mut() {
            // SAFETY: avx512f was detected (Engine::Avx512 is only made by `detect`, or by a
            // caller who checked), and the shapes above make every slice as long as the kernel
            // reads: x m·k, wt n·k, bias n, out m·n.
            unsafe { avx512::dot_rows(x, wt, bias, out) };
            return Ok(());
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = engine; // only the portable engine exists here
    dot_rows_portable(x, wt, bias, out)
}

/// [`dot_rows`] with ndarray: `out = b` broadcast over the rows, then `out += x·wtᵀ`.
fn dot_rows_portable(
    x: ArrayView2<'_, f32>,
    wt: ArrayView2<'_, f32>,
    bias: ArrayView1<'_, f32>,
    mut out: ArrayViewMut2<'_, f32>,
) -> Result<()> {
    out.assign(&bias.insert_axis(Axis(0)));
    general_mat_mul(1.0, &x, &wt.t(), 1.0, &mut out); // out = x·wtᵀ + b
    Ok(())
}

/// `dst[c] = beta·dst[c] + alpha·Σ_t coef[t, c]·src[t]`, i.e. `dst = beta·dst + alpha·coefᵀ·src`
/// for `coef: (t, c)`, `src: (t, k)`, `dst: (c, k)`: every row of the result is a weighted sum of
/// the rows of `src`. With `beta = 0`, `dst` is only written.
pub fn weighted_row_sums(
    engine: Engine,
    alpha: f32,
    coef: ArrayView2<'_, f32>,
    src: ArrayView2<'_, f32>,
    beta: f32,
    mut dst: ArrayViewMut2<'_, f32>,
) -> Result<()> {
    check_row_sum_shapes("weighted_row_sums", &coef, &src, &dst)?;
    #[cfg(target_arch = "x86_64")]
    if engine == Engine::Avx512 && src.ncols() > 0 {
        let (rows, k) = dst.dim();
        if let (Some(src), Some(dst)) = (src.as_slice(), dst.as_slice_mut()) {
            let weights = avx512::Coef::of(&coef);
            // SAFETY: avx512f is available (see `dot_rows`); src is t·k floats, dst rows·k, and
            // `coef` addresses t·rows entries of a live view.
            unsafe { avx512::weighted_row_sums(alpha, weights, src, beta, dst, rows, k) };
            return Ok(());
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = engine; // only the portable engine exists here
    weighted_row_sums_portable(alpha, coef, src, beta, dst)
}

/// The shapes both weighted row sums need: `coef: (t, c)`, `src: (t, k)` and `dst: (c, k)`.
fn check_row_sum_shapes(
    op: &str,
    coef: &ArrayView2<'_, f32>,
    src: &ArrayView2<'_, f32>,
    dst: &ArrayViewMut2<'_, f32>,
) -> Result<()> {
    if coef.nrows() != src.nrows() || dst.dim() != (coef.ncols(), src.ncols()) {
        return Err(shape_error(
            op,
            coef.shape(),
            src.shape(),
            "coef: (t, c), src: (t, k) and dst: (c, k)",
        ));
    }
    Ok(())
}

/// [`weighted_row_sums`] for coefficients that are mostly 0, such as a gradient behind a ReLU:
/// the same `dst = beta·dst + alpha·coefᵀ·src`, but a row of `src` whose coefficient is 0 is not
/// read, so the work shrinks with the share of zeros. `nonzeros` is scratch space, reused across
/// calls. Unlike a dense product, an infinite or NaN entry of `src` in a skipped row does not
/// reach the result (`0·∞` is skipped rather than NaN).
pub fn sparse_weighted_row_sums(
    engine: Engine,
    alpha: f32,
    coef: ArrayView2<'_, f32>,
    src: ArrayView2<'_, f32>,
    beta: f32,
    mut dst: ArrayViewMut2<'_, f32>,
    nonzeros: &mut NonZeros,
) -> Result<()> {
    check_row_sum_shapes("sparse_weighted_row_sums", &coef, &src, &dst)?;
    #[cfg(target_arch = "x86_64")]
    if engine == Engine::Avx512 && src.ncols() > 0 {
        let k = src.ncols();
        if let (Some(src), Some(dst)) = (src.as_slice(), dst.as_slice_mut()) {
            nonzeros.gather(&coef);
            // SAFETY: avx512f is available (see `dot_rows`); `nonzeros` was just gathered from
            // the (t, c) view, src is t·k floats and dst c·k.
            unsafe { sparse::avx512::weighted_row_sums(alpha, nonzeros, src, beta, dst, k) };
            return Ok(());
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (engine, nonzeros); // only the portable engine exists here
    weighted_row_sums_portable(alpha, coef, src, beta, dst)
}

/// Both weighted sums with ndarray: `dst = β·dst + α·coefᵀ·src`.
fn weighted_row_sums_portable(
    alpha: f32,
    coef: ArrayView2<'_, f32>,
    src: ArrayView2<'_, f32>,
    beta: f32,
    mut dst: ArrayViewMut2<'_, f32>,
) -> Result<()> {
    if beta == 0.0 {
        dst.fill(0.0); // never read what was there, even NaN
    }
    general_mat_mul(alpha, &coef.t(), &src, beta, &mut dst); // dst = β·dst + α·coefᵀ·src
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init;
    use crate::tensor::test_close;
    use ndarray::{Array1, Array2};

    fn random(rng: &mut init::Rng, rows: usize, cols: usize) -> Array2<f32> {
        init::uniform(rng, rows, cols, -1.0, 1.0)
    }

    /// Odd sizes exercise every tail: rows not a multiple of 4 or 5, columns not of 16 or 64.
    const SHAPES: [(usize, usize, usize); 4] =
        [(64, 784, 50), (7, 37, 13), (1, 1, 1), (13, 130, 6)];

    #[test]
    fn dot_rows_is_x_times_wt_transposed_plus_bias_on_every_engine() {
        let mut rng = init::rng(1);
        for (m, k, n) in SHAPES {
            let (x, wt) = (random(&mut rng, m, k), random(&mut rng, n, k));
            let bias: Array1<f32> = random(&mut rng, 1, n).row(0).to_owned();
            let expected = x.dot(&wt.t()) + &bias;
            for engine in [Engine::detect(), Engine::Portable] {
                let mut out = Array2::from_elem((m, n), f32::NAN);
                dot_rows(engine, x.view(), wt.view(), bias.view(), out.view_mut()).unwrap();
                test_close(&out, &expected, 1e-4).unwrap();
            }
        }
    }

    #[test]
    fn weighted_row_sums_is_a_scaled_transposed_product_on_every_engine() {
        let mut rng = init::rng(2);
        for (t, k, c) in SHAPES {
            let (coef, src) = (random(&mut rng, t, c), random(&mut rng, t, k));
            let start = random(&mut rng, c, k);
            let product = coef.t().dot(&src);
            let expected = &start * 0.5 - &product * 2.0;
            // the input-gradient case: coef as a transposed view (column strides)
            let coef_columns = coef.t().to_owned();
            for engine in [Engine::detect(), Engine::Portable] {
                let mut dst = start.clone();
                weighted_row_sums(engine, -2.0, coef.view(), src.view(), 0.5, dst.view_mut())
                    .unwrap();
                test_close(&dst, &expected, 1e-4).unwrap();
                let mut fresh = Array2::from_elem((c, k), f32::NAN);
                weighted_row_sums(
                    engine,
                    1.0,
                    coef_columns.t(),
                    src.view(),
                    0.0,
                    fresh.view_mut(),
                )
                .unwrap();
                test_close(&fresh, &product, 1e-4).unwrap();
            }
        }
    }

    #[test]
    fn sparse_weighted_row_sums_equal_the_dense_ones_on_every_engine() {
        let mut rng = init::rng(3);
        let mut nonzeros = NonZeros::new();
        for (t, k, c) in SHAPES.into_iter().chain([(128, 784, 50), (50, 784, 128)]) {
            // about half the coefficients 0, as behind a ReLU; one column entirely 0
            let mut coef = random(&mut rng, t, c).mapv(|v| v.max(0.0));
            coef.column_mut(c / 2).fill(0.0);
            let (src, start) = (random(&mut rng, t, k), random(&mut rng, c, k));
            let expected = &start * 0.5 - &coef.t().dot(&src) * 2.0;
            let coef_columns = coef.t().to_owned();
            for engine in [Engine::detect(), Engine::Portable] {
                let mut dst = start.clone();
                let (a, b) = (coef.view(), src.view());
                sparse_weighted_row_sums(engine, -2.0, a, b, 0.5, dst.view_mut(), &mut nonzeros)
                    .unwrap();
                test_close(&dst, &expected, 1e-4).unwrap();
                let mut fresh = Array2::from_elem((c, k), f32::NAN);
                let a = coef_columns.t();
                sparse_weighted_row_sums(engine, 1.0, a, b, 0.0, fresh.view_mut(), &mut nonzeros)
                    .unwrap();
                test_close(&fresh, &coef.t().dot(&src), 1e-4).unwrap();
            }
        }
        let mut dst = Array2::<f32>::zeros((2, 4));
        let (coef, src) = (Array2::<f32>::zeros((3, 2)), Array2::<f32>::zeros((2, 4)));
        let wrong = sparse_weighted_row_sums(
            Engine::detect(),
            1.0,
            coef.view(),
            src.view(),
            0.0,
            dst.view_mut(),
            &mut nonzeros,
        );
        assert!(wrong.is_err(), "3 coefficient rows for 2 source rows");
    }

    #[test]
    fn shapes_that_do_not_chain_are_errors() {
        let (a, b) = (Array2::<f32>::zeros((2, 3)), Array2::<f32>::zeros((4, 5)));
        let mut out = Array2::<f32>::zeros((2, 4));
        let bias = Array1::<f32>::zeros(4);
        assert!(
            dot_rows(
                Engine::Portable,
                a.view(),
                b.view(),
                bias.view(),
                out.view_mut()
            )
            .is_err()
        );
        assert!(
            weighted_row_sums(
                Engine::detect(),
                1.0,
                a.view(),
                b.view(),
                0.0,
                out.view_mut()
            )
            .is_err()
        );
    }
}
