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
//! Both read rows that lie contiguously in memory, so each inner step is one register load and
//! fused multiply-adds. Which code runs is an [`Engine`], an opaque value for one instruction-set
//! level: AVX-512 (16 floats a register, [`Engine::avx512`]), AVX2 + FMA (8 floats,
//! [`Engine::avx2`]), or portable ([`Engine::portable`]: ndarray's `general_mat_mul`, also used
//! for views that are not row-major). A SIMD engine exists only on a CPU that has its
//! instructions, so no safe call can run them on a CPU without. The kernels are written once
//! (`dot.rs`, `sums.rs`, `sparse.rs`) against a small SIMD trait (`simd.rs`) that each level
//! implements with `std::arch` (`avx512.rs`, `avx2.rs`). The engines agree with each other and
//! with the readable maths to float rounding (`tests.rs`).
//!
//! Behind a ReLU about half the coefficients of the gradient products are exactly 0:
//! [`weighted_row_sums`] with `skip_zeros` gives the same sums while reading only the rows whose
//! coefficient is not 0 ([`NonZeros`]).
//!
//! Why our own kernels: on the MLP's shapes (`64×784 · 784×50` and `784×64 · 64×50`), ndarray's
//! matrixmultiply, the `gemm` crate and the system OpenBLAS reach 50–85 GFLOP/s on one core;
//! these reach 94–110 with AVX-512 and need no system library (numbers in `bench/README.md`).
//!
//! Only x86-64 has SIMD levels so far: on other CPUs (aarch64 among them) the SIMD modules are
//! not compiled and every engine is the portable one. A NEON level would be one more file like
//! `avx2.rs` and a `cfg` here.

#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(target_arch = "x86_64")]
mod avx512;
#[cfg(target_arch = "x86_64")]
mod dot;
#[cfg(target_arch = "x86_64")]
mod simd;
mod sparse;
#[cfg(target_arch = "x86_64")]
mod sums;
#[cfg(test)]
pub(crate) mod tests;

pub use sparse::NonZeros;

use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView1, ArrayView2, ArrayViewMut2, Axis};

use crate::error::{Result, shape_error};

/// Which implementation runs the kernels: one instruction-set level. Opaque on purpose: the only
/// way to hold a SIMD engine is [`Engine::avx512`], [`Engine::avx2`] or [`Engine::detect`], which
/// ask the CPU first, so holding one proves the CPU has its instructions.
///
/// ```compile_fail,E0599
/// // There is no variant to name: an AVX-512 engine cannot be made without the CPU check.
/// let engine = foundations::fast::Engine::Avx512;
/// ```
///
/// ```compile_fail,E0599
/// // Nor an AVX2 one.
/// let engine = foundations::fast::Engine::Avx2;
/// ```
///
/// ```compile_fail,E0423
/// // Nor can its private field be filled in from outside.
/// let engine = foundations::fast::Engine(Default::default());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Engine(Kind);

/// The engines; private, and each SIMD one holds its level's proof that the CPU has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// The kernels with AVX-512 (x86-64 CPUs that have `avx512f`).
    #[cfg(target_arch = "x86_64")]
    Avx512(avx512::Avx512),
    /// The kernels with AVX2 and FMA (x86-64-v3 CPUs).
    #[cfg(target_arch = "x86_64")]
    Avx2(avx2::Avx2),
    /// ndarray's `general_mat_mul` (matrixmultiply; uses AVX2/FMA when the CPU has them).
    Portable,
}

impl Engine {
    /// The fastest engine this CPU supports: AVX-512, else AVX2, else portable.
    pub fn detect() -> Engine {
        Engine::avx512()
            .or_else(Engine::avx2)
            .unwrap_or(Engine::portable())
    }

    /// Every engine this CPU can run, fastest first (the portable one always, last).
    pub fn available() -> Vec<Engine> {
        let simd = [Engine::avx512(), Engine::avx2()];
        simd.into_iter()
            .flatten()
            .chain([Engine::portable()])
            .collect()
    }

    /// ndarray's `general_mat_mul`: runs on every CPU.
    pub fn portable() -> Engine {
        Engine(Kind::Portable)
    }

    /// The AVX-512 kernels, if this CPU has `avx512f`; `None` otherwise.
    pub fn avx512() -> Option<Engine> {
        #[cfg(target_arch = "x86_64")]
        if let Some(cpu) = avx512::Avx512::detect() {
            return Some(Engine(Kind::Avx512(cpu)));
        }
        None
    }

    /// The AVX2 kernels, if this CPU has `avx2` and `fma` (x86-64-v3); `None` otherwise.
    pub fn avx2() -> Option<Engine> {
        #[cfg(target_arch = "x86_64")]
        if let Some(cpu) = avx2::Avx2::detect() {
            return Some(Engine(Kind::Avx2(cpu)));
        }
        None
    }

    /// `"avx512"`, `"avx2"` or `"portable"`, for tables and benchmark names.
    pub fn name(self) -> &'static str {
        match self.0 {
            #[cfg(target_arch = "x86_64")]
            Kind::Avx512(_) => "avx512",
            #[cfg(target_arch = "x86_64")]
            Kind::Avx2(_) => "avx2",
            Kind::Portable => "portable",
        }
    }

    /// This engine's SIMD kernels, `None` for the portable engine.
    #[cfg(target_arch = "x86_64")]
    fn simd(&self) -> Option<&dyn simd::SimdKernels> {
        match &self.0 {
            Kind::Avx512(cpu) => Some(cpu),
            Kind::Avx2(cpu) => Some(cpu),
            Kind::Portable => None,
        }
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
    if let Some(kernels) = engine.simd()
        && x.ncols() > 0
    {
        let slices = (x.as_slice(), wt.as_slice(), bias.as_slice());
        if let ((Some(x), Some(wt), Some(bias)), Some(out)) = (slices, out.as_slice_mut()) {
            // SAFETY: the kernels hold their level's proof that the CPU has its instructions
            // (only `Engine::avx512`/`avx2` make them, after asking the CPU; the type is
            // opaque). The shape checks above make every slice as long as the kernel reads:
            // x m·k, wt n·k, bias n, out m·n, with k > 0.
            unsafe { kernels.dot_rows(x, wt, bias, out) };
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
    if let Some(kernels) = engine.simd()
        && src.ncols() > 0
    {
        let (rows, k) = dst.dim();
        if let (Some(src), Some(dst)) = (src.as_slice(), dst.as_slice_mut()) {
            match skip_zeros {
                Some(nonzeros) => {
                    nonzeros.gather(&coef);
                    // SAFETY: the CPU has the level's instructions (the engine, see
                    // `dot_rows`); `nonzeros` was just gathered from the (t, rows) view, src is
                    // t·k floats, dst rows·k, k > 0.
                    unsafe { kernels.sparse_row_sums(alpha, nonzeros, src, beta, dst, k) };
                }
                None => {
                    let weights = sums::Coef::of(&coef);
                    // SAFETY: the CPU has the level's instructions (see `dot_rows`); src is
                    // t·k floats, dst rows·k with k > 0, and `weights` addresses the t·rows
                    // entries of `coef`, a view that lives until this call returns.
                    unsafe { kernels.weighted_row_sums(alpha, weights, src, beta, dst, rows, k) };
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
