//! The AVX-512 level (x86-64 CPUs with `avx512f`): registers of 16 floats, 32 of them, and lane
//! masks for partial loads and stores. Implements [`Simd`] with `std::arch` intrinsics and
//! compiles the kernels with `avx512f` switched on ([`SimdKernels`]).

use std::arch::x86_64::*;

use super::simd::{Simd, SimdKernels};
use super::sparse::{NonZeros, sparse_row_sums};
use super::sums::{Coef, weighted_row_sums};

/// Proof that this CPU has `avx512f`: made only by [`Avx512::detect`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Avx512(());

impl Avx512 {
    /// The proof, if the CPU has `avx512f`.
    pub(super) fn detect() -> Option<Avx512> {
        is_x86_feature_detected!("avx512f").then_some(Avx512(()))
    }
}

/// Sums each of 16 registers over its lanes at once, as a tree: each level adds two halves of a
/// pair of registers, so 15 additions replace the 60 of 16 separate sums. `v[r + 4·c]` is
/// summed into lane `4·r + c`.
#[inline]
#[target_feature(enable = "avx512f")]
fn sum_lanes_4x4(v: [__m512; 16]) -> __m512 {
    // halves of 256 bits: lanes 0..8 of the result come from a, 8..16 from b
    let halves = |a, b| {
        _mm512_add_ps(
            _mm512_shuffle_f32x4::<0b01_00_01_00>(a, b),
            _mm512_shuffle_f32x4::<0b11_10_11_10>(a, b),
        )
    };
    // quarters of 128 bits: a's two 8-lane partial sums -> two 4-lane ones, then b's
    let quarters = |a, b| {
        _mm512_add_ps(
            _mm512_shuffle_f32x4::<0b10_00_10_00>(a, b),
            _mm512_shuffle_f32x4::<0b11_01_11_01>(a, b),
        )
    };
    // inside each 128-bit group: pairs of lanes, then single lanes
    let pairs = |a, b| {
        _mm512_add_ps(
            _mm512_shuffle_ps::<0b01_00_01_00>(a, b),
            _mm512_shuffle_ps::<0b11_10_11_10>(a, b),
        )
    };
    let singles = |a, b| {
        _mm512_add_ps(
            _mm512_shuffle_ps::<0b10_00_10_00>(a, b),
            _mm512_shuffle_ps::<0b11_01_11_01>(a, b),
        )
    };
    let h: [__m512; 8] = std::array::from_fn(|i| halves(v[2 * i], v[2 * i + 1]));
    let q: [__m512; 4] = std::array::from_fn(|i| quarters(h[2 * i], h[2 * i + 1]));
    let p = [pairs(q[0], q[1]), pairs(q[2], q[3])];
    // group g of 4 lanes now holds the sums of v[g], v[g + 4], v[g + 8], v[g + 12]
    singles(p[0], p[1])
}

// In every method below, `self` exists, so `Avx512::detect` found avx512f on this CPU: that is
// what each SAFETY comment's "avx512f (self)" stands for.
impl Simd for Avx512 {
    const LANES: usize = 16;
    type F32s = __m512;
    type Mask = __mmask16;

    #[inline(always)]
    fn zero(self) -> __m512 {
        // SAFETY: avx512f (self).
        unsafe { _mm512_setzero_ps() }
    }

    #[inline(always)]
    fn splat(self, v: f32) -> __m512 {
        // SAFETY: avx512f (self).
        unsafe { _mm512_set1_ps(v) }
    }

    #[inline(always)]
    fn mul_add(self, a: __m512, b: __m512, c: __m512) -> __m512 {
        // SAFETY: avx512f (self).
        unsafe { _mm512_fmadd_ps(a, b, c) }
    }

    #[inline(always)]
    fn mul(self, a: __m512, b: __m512) -> __m512 {
        // SAFETY: avx512f (self).
        unsafe { _mm512_mul_ps(a, b) }
    }

    #[inline(always)]
    fn sum(self, v: __m512) -> f32 {
        // SAFETY: avx512f (self).
        unsafe { _mm512_reduce_add_ps(v) }
    }

    #[inline(always)]
    fn lanes_from(self, start: usize, len: usize) -> __mmask16 {
        let count = len.saturating_sub(start).min(Self::LANES);
        ((1u32 << count) - 1) as __mmask16
    }

    #[inline(always)]
    fn prefetch(self, p: *const f32) {
        // SAFETY: a hint: the address is never dereferenced, and sse is on every x86-64 CPU.
        unsafe { _mm_prefetch::<_MM_HINT_T1>(p.cast()) }
    }

    #[inline(always)]
    fn fence(self) {
        // SAFETY: sse, on every x86-64 CPU.
        unsafe { _mm_sfence() }
    }

    #[inline(always)]
    unsafe fn load(self, p: *const f32) -> __m512 {
        // SAFETY: avx512f (self); the caller keeps the 16 floats readable.
        unsafe { _mm512_loadu_ps(p) }
    }

    #[inline(always)]
    unsafe fn load_part(self, mask: __mmask16, p: *const f32) -> __m512 {
        // SAFETY: avx512f (self); the caller keeps the masked lanes readable, the others are
        // not read.
        unsafe { _mm512_maskz_loadu_ps(mask, p) }
    }

    #[inline(always)]
    unsafe fn store(self, p: *mut f32, v: __m512) {
        // SAFETY: avx512f (self); the caller keeps the 16 floats writable.
        unsafe { _mm512_storeu_ps(p, v) }
    }

    #[inline(always)]
    unsafe fn store_part(self, mask: __mmask16, p: *mut f32, v: __m512) {
        // SAFETY: avx512f (self); the caller keeps the masked lanes writable.
        unsafe { _mm512_mask_storeu_ps(p, mask, v) }
    }

    #[inline(always)]
    unsafe fn stream(self, p: *mut f32, v: __m512) {
        // SAFETY: avx512f (self); the caller keeps the 16 floats writable and p 64-byte aligned.
        unsafe { _mm512_stream_ps(p, v) }
    }

    #[inline(always)]
    unsafe fn store_dot_tile<const R: usize, const C: usize>(
        self,
        acc: &[[__m512; C]; R],
        bias: *const f32,
        out: *mut f32,
        n: usize,
    ) {
        assert!(R == 4 && C == 4, "the AVX-512 dot tile is 4×4"); // decided at compile time
        // SAFETY: avx512f (self); R = C = 4, and the caller passes 4 readable biases and 4
        // writable floats at out + r·n for r < 4.
        unsafe {
            // lane 4·r + c must receive acc[r][c]: sum_lanes_4x4 puts v[r + 4·c] there
            let sums = sum_lanes_4x4(std::array::from_fn(|v| acc[v % 4][v / 4]));
            // the 4 biases in each group of 4 lanes: x·wt + b
            let b = _mm512_broadcast_f32x4(_mm_loadu_ps(bias));
            let tile = _mm512_add_ps(sums, b);
            _mm_storeu_ps(out, _mm512_extractf32x4_ps::<0>(tile));
            _mm_storeu_ps(out.add(n), _mm512_extractf32x4_ps::<1>(tile));
            _mm_storeu_ps(out.add(2 * n), _mm512_extractf32x4_ps::<2>(tile));
            _mm_storeu_ps(out.add(3 * n), _mm512_extractf32x4_ps::<3>(tile));
        }
    }
}

/// Tiles: dot products 4 rows × 4 columns (16 accumulators); dense sums 5 rows × 4 registers
/// (20); sparse sums 8 registers (128 columns). Each kernel is compiled here with `avx512f` on.
impl SimdKernels for Avx512 {
    #[target_feature(enable = "avx512f")]
    unsafe fn dot_rows(&self, x: &[f32], wt: &[f32], bias: &[f32], out: &mut [f32]) {
        // SAFETY: forwarded from the caller.
        unsafe { super::dot::dot_rows::<Self, 4, 4>(*self, x, wt, bias, out) }
    }

    #[target_feature(enable = "avx512f")]
    unsafe fn weighted_row_sums(
        &self,
        alpha: f32,
        coef: Coef,
        src: &[f32],
        beta: f32,
        dst: &mut [f32],
        rows: usize,
        k: usize,
    ) {
        // SAFETY: forwarded from the caller.
        unsafe { weighted_row_sums::<Self, 5, 4>(*self, alpha, coef, src, beta, dst, rows, k) }
    }

    #[target_feature(enable = "avx512f")]
    unsafe fn sparse_row_sums(
        &self,
        alpha: f32,
        nonzeros: &NonZeros,
        src: &[f32],
        beta: f32,
        dst: &mut [f32],
        k: usize,
    ) {
        // SAFETY: forwarded from the caller.
        unsafe { sparse_row_sums::<Self, 8>(*self, alpha, nonzeros, src, beta, dst, k) }
    }
}
