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
//! 16-float load and fused multiply-adds. Which code runs is an [`Engine`]: an opaque value that
//! can only be the AVX-512 engine on a CPU that has `avx512f` ([`Engine::avx512`] checks), so no
//! safe call can run AVX-512 instructions on a CPU without them. Everywhere else (no AVX-512,
//! another CPU, or views that are not row-major) the same results come from ndarray's
//! `general_mat_mul` ([`Engine::portable`]). The engines agree with each other and with the
//! readable maths to float rounding (`tests.rs`).
//!
//! Behind a ReLU about half the coefficients of the gradient products are exactly 0:
//! [`weighted_row_sums`] with `skip_zeros` gives the same sums while reading only the rows whose
//! coefficient is not 0 ([`NonZeros`]).
//!
//! Why our own kernels: on the MLP's shapes (`64×784 · 784×50` and `784×64 · 64×50`), ndarray's
//! matrixmultiply, the `gemm` crate and the system OpenBLAS reach 50–85 GFLOP/s on one core;
//! these reach 94–110 and need no system library (numbers in `bench/README.md`).

#[cfg(target_arch = "x86_64")]
mod avx512;
#[cfg(target_arch = "x86_64")]
mod avx512_sums;
mod sparse;
#[cfg(test)]
pub(crate) mod tests;

pub use sparse::NonZeros;

use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView1, ArrayView2, ArrayViewMut2, Axis};

use crate::error::{Result, shape_error};

/// Which implementation runs the kernels. Opaque on purpose: the only way to hold the AVX-512
/// engine is [`Engine::avx512`] (or [`Engine::detect`]), which checks the CPU first, so holding
/// one proves the CPU has `avx512f`.
///
/// ```compile_fail,E0599
/// // There is no variant to name: an AVX-512 engine cannot be made without the CPU check.
/// let engine = foundations::fast::Engine::Avx512;
/// ```
///
/// ```compile_fail,E0423
/// // Nor can its private field be filled in from outside.
/// let engine = foundations::fast::Engine(Default::default());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Engine(Kind);

/// The engines; private, so that `Kind::Avx512` exists only where [`Engine::avx512`] made it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Hand-written AVX-512 loops (x86-64 CPUs that have `avx512f`).
    #[cfg(target_arch = "x86_64")]
    Avx512,
    /// ndarray's `general_mat_mul` (matrixmultiply; uses AVX2/FMA when the CPU has them).
    Portable,
}

impl Engine {
    /// The fastest engine this CPU supports.
    pub fn detect() -> Engine {
        Engine::avx512().unwrap_or(Engine::portable())
    }

    /// ndarray's `general_mat_mul`: runs on every CPU.
    pub fn portable() -> Engine {
        Engine(Kind::Portable)
    }

    /// The AVX-512 kernels, if this CPU has `avx512f`; `None` otherwise.
    pub fn avx512() -> Option<Engine> {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx512f") {
            return Some(Engine(Kind::Avx512));
        }
        None
    }

    /// `"avx512"` or `"portable"`, for tables and benchmark names.
    pub fn name(self) -> &'static str {
        match self.0 {
            #[cfg(target_arch = "x86_64")]
            Kind::Avx512 => "avx512",
            Kind::Portable => "portable",
        }
    }

    /// Whether this is the AVX-512 engine, i.e. whether the CPU was found to have `avx512f`.
    #[cfg(target_arch = "x86_64")]
    fn has_avx512f(self) -> bool {
        self.0 == Kind::Avx512
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
    if engine.has_avx512f() && x.ncols() > 0 {
        let slices = (x.as_slice(), wt.as_slice(), bias.as_slice());
        if let ((Some(x), Some(wt), Some(bias)), Some(out)) = (slices, out.as_slice_mut()) {
            // SAFETY: the engine is the AVX-512 one, which only `Engine::avx512` makes, after
            // detecting avx512f (the type is opaque). The shape checks above make every slice as
            // long as the kernel reads: x m·k, wt n·k, bias n, out m·n, with k > 0.
            unsafe { avx512::dot_rows(x, wt, bias, out) };
            return Ok(());
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = engine; // only the portable engine exists here
    out.assign(&bias.insert_axis(Axis(0)));
    general_mat_mul(1.0, &x, &wt.t(), 1.0, &mut out); // out = x·wtᵀ + b
    Ok(())
}

/// `dst[c] = beta·dst[c] + alpha·Σ_t coef[t, c]·src[t]`, i.e. `dst = beta·dst + alpha·coefᵀ·src`
/// for `coef: (t, c)`, `src: (t, k)`, `dst: (c, k)`: every row of the result is a weighted sum of
/// the rows of `src`. With `beta = 0`, `dst` is only written.
///
/// For coefficients that are mostly 0, such as a gradient behind a ReLU, pass
/// `skip_zeros: Some(&mut nonzeros)` (scratch space, reused across calls): the same sums, but a
/// row of `src` whose coefficient is 0 is not read, so the work shrinks with the share of zeros.
/// Then, unlike a dense product, an infinite or NaN entry of `src` in a skipped row does not
/// reach the result (`0·∞` is skipped rather than NaN).
pub fn weighted_row_sums(
    engine: Engine,
    alpha: f32,
    coef: ArrayView2<'_, f32>,
    src: ArrayView2<'_, f32>,
    beta: f32,
    mut dst: ArrayViewMut2<'_, f32>,
    skip_zeros: Option<&mut NonZeros>,
) -> Result<()> {
    if coef.nrows() != src.nrows() || dst.dim() != (coef.ncols(), src.ncols()) {
        let expected = "coef: (t, c), src: (t, k) and dst: (c, k)";
        return Err(shape_error(
            "weighted_row_sums",
            coef.shape(),
            src.shape(),
            expected,
        ));
    }
    #[cfg(target_arch = "x86_64")]
    if engine.has_avx512f() && src.ncols() > 0 {
        let (rows, k) = dst.dim();
        if let (Some(src), Some(dst)) = (src.as_slice(), dst.as_slice_mut()) {
            match skip_zeros {
                Some(nonzeros) => {
                    nonzeros.gather(&coef);
                    // SAFETY: avx512f was detected (the engine, see `dot_rows`); `nonzeros` was
                    // just gathered from the (t, rows) view, src is t·k floats, dst rows·k, k > 0.
                    unsafe { sparse::avx512_sums(alpha, nonzeros, src, beta, dst, k) };
                }
                None => {
                    let weights = avx512_sums::Coef::of(&coef);
                    // SAFETY: avx512f was detected (see `dot_rows`); src is t·k floats, dst
                    // rows·k with k > 0, and `weights` addresses the t·rows entries of `coef`,
                    // a view that lives until this call returns.
                    unsafe {
                        avx512_sums::weighted_row_sums(alpha, weights, src, beta, dst, rows, k)
                    };
                }
            }
            return Ok(());
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (engine, skip_zeros); // only the portable engine exists here
    if beta == 0.0 {
        dst.fill(0.0); // never read what was there, even NaN
    }
    general_mat_mul(alpha, &coef.t(), &src, beta, &mut dst); // dst = β·dst + α·coefᵀ·src
    Ok(())
}
