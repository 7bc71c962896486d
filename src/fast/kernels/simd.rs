//! What the kernels are written in: one register of floats and a dozen operations on it, the same
//! for every instruction-set level. `dot.rs`, `sums.rs` and `sparse.rs` are written once against
//! the [`Simd`] trait; each level (`avx512.rs`: 16 floats a register, `avx2.rs`: 8) implements
//! it with `std::arch` intrinsics and compiles those kernels inside functions that switch its
//! instructions on ([`SimdKernels`]), where every trait method becomes one instruction or a few.
//!
//! Soundness rests on the values: a level's type (`Avx512`, `Avx2`) is a zero-sized proof that
//! the CPU has its instructions, made only by its `detect` after asking the CPU. So the
//! arithmetic methods are safe to call; only the loads and stores, which take raw pointers, are
//! `unsafe`.
//!
//! aarch64 (NEON, 4 floats a register) would be one more implementation of both traits; it is
//! not written because no aarch64 target can be built here to test it. On every CPU without a
//! level, and on every other architecture, [`Engine::portable`](super::Engine::portable) runs.

use super::sparse::NonZeros;
use super::sums::Coef;

/// One instruction-set level's register of [`LANES`](Simd::LANES) floats and what the kernels do
/// with it. A value of the implementing type proves that the CPU has the level's instructions.
pub(super) trait Simd: Copy {
    /// Floats per register.
    const LANES: usize;
    /// A register of `LANES` floats.
    type F32s: Copy;
    /// Which lanes of a register a partial load or store touches.
    type Mask: Copy;

    /// All lanes 0.
    fn zero(self) -> Self::F32s;
    /// All lanes `v`.
    fn splat(self, v: f32) -> Self::F32s;
    /// `a·b + c` lane by lane, one rounding (a fused multiply-add).
    fn mul_add(self, a: Self::F32s, b: Self::F32s, c: Self::F32s) -> Self::F32s;
    /// `a·b` lane by lane.
    fn mul(self, a: Self::F32s, b: Self::F32s) -> Self::F32s;
    /// `Σ_lanes v`.
    fn sum(self, v: Self::F32s) -> f32;
    /// The lanes of columns `start..min(start + LANES, len)` of a row of `len` floats.
    fn lanes_from(self, start: usize, len: usize) -> Self::Mask;
    /// A hint to bring the cache line at `p` into the L2 cache; never dereferences `p`.
    fn prefetch(self, p: *const f32);
    /// Orders the streaming stores before every later store (`_mm_sfence`).
    fn fence(self);

    /// The `LANES` floats at `p`.
    ///
    /// # Safety
    /// `p..p + LANES` is readable.
    unsafe fn load(self, p: *const f32) -> Self::F32s;
    /// The lanes of `mask` from `p`, the others 0.
    ///
    /// # Safety
    /// The lanes of `mask` from `p` are readable (the others are not touched).
    unsafe fn load_part(self, mask: Self::Mask, p: *const f32) -> Self::F32s;
    /// Writes `v` to `p..p + LANES`.
    ///
    /// # Safety
    /// `p..p + LANES` is writable.
    unsafe fn store(self, p: *mut f32, v: Self::F32s);
    /// Writes the lanes of `mask` to `p` (the others are not touched).
    ///
    /// # Safety
    /// The lanes of `mask` from `p` are writable.
    unsafe fn store_part(self, mask: Self::Mask, p: *mut f32, v: Self::F32s);
    /// Writes `v` to `p..p + LANES` straight to memory, without reading the line into the cache
    /// first (a streaming store; [`fence`](Simd::fence) before anyone reads it).
    ///
    /// # Safety
    /// `p..p + LANES` is writable and `p` is aligned to `size_of::<F32s>()`.
    unsafe fn stream(self, p: *mut f32, v: Self::F32s);
    /// The end of a dot-product tile of `R` rows × `C` columns with `R·C = LANES`: with
    /// `acc[r][c]` holding the products of row `r` and column `c` spread over the lanes,
    /// `out[r·n + c] = bias[c] + Σ_lanes acc[r][c]`. All `LANES` sums are made at once, as a
    /// tree of shuffles and additions. Each level implements the one tile shape its kernels use
    /// (and panics on another).
    ///
    /// # Safety
    /// `bias..bias + C` is readable and `out + r·n .. out + r·n + C` writable for each `r`.
    unsafe fn store_dot_tile<const R: usize, const C: usize>(
        self,
        acc: &[[Self::F32s; C]; R],
        bias: *const f32,
        out: *mut f32,
        n: usize,
    );
}

/// The three kernels compiled for one level, with its instructions switched on; `Engine` calls
/// them through `&dyn SimdKernels`, one call per product.
pub(super) trait SimdKernels {
    /// `out = x·wtᵀ + bias`, see `dot::dot_rows`.
    ///
    /// # Safety
    /// As `dot::dot_rows`.
    unsafe fn dot_rows(&self, x: &[f32], wt: &[f32], bias: &[f32], out: &mut [f32]);

    /// `dst = beta·dst + alpha·coefᵀ·src`, see `sums::weighted_row_sums`.
    ///
    /// # Safety
    /// As `sums::weighted_row_sums`.
    #[allow(clippy::too_many_arguments)] // the product's operands and its two sizes
    unsafe fn weighted_row_sums(
        &self,
        alpha: f32,
        coef: Coef,
        src: &[f32],
        beta: f32,
        dst: &mut [f32],
        rows: usize,
        k: usize,
    );

    /// The same from the nonzero coefficients only, see `sparse::sparse_row_sums`.
    ///
    /// # Safety
    /// As `sparse::sparse_row_sums`.
    unsafe fn sparse_row_sums(
        &self,
        alpha: f32,
        nonzeros: &NonZeros,
        src: &[f32],
        beta: f32,
        dst: &mut [f32],
        k: usize,
    );
}
