//! The AVX2 level (x86-64-v3: `avx2` and `fma`, most laptops since about 2015): registers of 8
//! floats, 16 of them, partial loads and stores through a mask register of 8 lanes. Implements
//! [`Simd`] with `std::arch` intrinsics and compiles the kernels with `avx2,fma` switched on
//! ([`SimdKernels`]).

use std::arch::x86_64::*;

use super::simd::{Simd, SimdKernels};
use super::sparse::{NonZeros, sparse_row_sums};
use super::sums::{Coef, weighted_row_sums};

/// Proof that this CPU has `avx2` and `fma`: made only by [`Avx2::detect`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Avx2(());

impl Avx2 {
    /// The proof, if the CPU has `avx2` and `fma`.
    pub(super) fn detect() -> Option<Avx2> {
        let found = is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma");
        found.then_some(Avx2(()))
    }
}

// In every method below, `self` exists, so `Avx2::detect` found avx2 and fma on this CPU: that
// is what each SAFETY comment's "avx2+fma (self)" stands for.
impl Simd for Avx2 {
    const LANES: usize = 8;
    type F32s = __m256;
    /// Lane `i` is taken when its 32 bits are all ones.
    type Mask = __m256i;

    #[inline(always)]
    fn zero(self) -> __m256 {
        // SAFETY: avx2+fma (self).
        unsafe { _mm256_setzero_ps() }
    }

    #[inline(always)]
    fn splat(self, v: f32) -> __m256 {
        // SAFETY: avx2+fma (self).
        unsafe { _mm256_set1_ps(v) }
    }

    #[inline(always)]
    fn mul_add(self, a: __m256, b: __m256, c: __m256) -> __m256 {
        // SAFETY: avx2+fma (self).
        unsafe { _mm256_fmadd_ps(a, b, c) }
    }

    #[inline(always)]
    fn mul(self, a: __m256, b: __m256) -> __m256 {
        // SAFETY: avx2+fma (self).
        unsafe { _mm256_mul_ps(a, b) }
    }

    #[inline(always)]
    fn sum(self, v: __m256) -> f32 {
        // SAFETY: avx2+fma (self).
        unsafe {
            let four = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps::<1>(v));
            let two = _mm_add_ps(four, _mm_movehl_ps(four, four)); // lanes 0+2, 1+3
            _mm_cvtss_f32(_mm_add_ss(two, _mm_movehdup_ps(two))) // (0+2) + (1+3)
        }
    }

    #[inline(always)]
    fn lanes_from(self, start: usize, len: usize) -> __m256i {
        let count = len.saturating_sub(start).min(Self::LANES) as i32;
        // SAFETY: avx2+fma (self).
        unsafe {
            // lane i: all ones when i < count
            _mm256_cmpgt_epi32(
                _mm256_set1_epi32(count),
                _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
            )
        }
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
    unsafe fn load(self, p: *const f32) -> __m256 {
        // SAFETY: avx2+fma (self); the caller keeps the 8 floats readable.
        unsafe { _mm256_loadu_ps(p) }
    }

    #[inline(always)]
    unsafe fn load_part(self, mask: __m256i, p: *const f32) -> __m256 {
        // SAFETY: avx2+fma (self); the caller keeps the masked lanes readable, the others are
        // not read (and cannot fault).
        unsafe { _mm256_maskload_ps(p, mask) }
    }

    #[inline(always)]
    unsafe fn store(self, p: *mut f32, v: __m256) {
        // SAFETY: avx2+fma (self); the caller keeps the 8 floats writable.
        unsafe { _mm256_storeu_ps(p, v) }
    }

    #[inline(always)]
    unsafe fn store_part(self, mask: __m256i, p: *mut f32, v: __m256) {
        // SAFETY: avx2+fma (self); the caller keeps the masked lanes writable.
        unsafe { _mm256_maskstore_ps(p, mask, v) }
    }

    #[inline(always)]
    unsafe fn stream(self, p: *mut f32, v: __m256) {
        // SAFETY: avx2+fma (self); the caller keeps the 8 floats writable and p 32-byte aligned.
        unsafe { _mm256_stream_ps(p, v) }
    }

    #[inline(always)]
    unsafe fn store_dot_tile<const R: usize, const C: usize>(
        self,
        acc: &[[__m256; C]; R],
        bias: *const f32,
        out: *mut f32,
        n: usize,
    ) {
        assert!(R == 4 && C == 2, "the AVX2 dot tile is 4×2"); // decided at compile time
        // SAFETY: avx2+fma (self); R = 4 and C = 2, and the caller passes 2 readable biases and
        // 2 writable floats at out + r·n for r < 4.
        unsafe {
            // A tree of horizontal additions: lane 2·r + c receives Σ_lanes acc[r][c] = v[2·r + c].
            let v: [__m256; 8] = std::array::from_fn(|i| acc[i / 2][i % 2]);
            let pairs = |i: usize| _mm256_hadd_ps(v[i], v[i + 1]);
            // per 128-bit half: the sums of 4 registers over that half's lanes
            let (first, last) = (
                _mm256_hadd_ps(pairs(0), pairs(2)),
                _mm256_hadd_ps(pairs(4), pairs(6)),
            );
            let low = _mm256_permute2f128_ps::<0x20>(first, last); // the low halves' sums
            let high = _mm256_permute2f128_ps::<0x31>(first, last); // the high halves'
            let sums = _mm256_add_ps(low, high);
            let mut lanes = [0.0f32; 8];
            _mm256_storeu_ps(lanes.as_mut_ptr(), sums);
            for r in 0..4 {
                for c in 0..2 {
                    *out.add(r * n + c) = lanes[2 * r + c] + *bias.add(c); // x·wt + b
                }
            }
        }
    }
}

/// Tiles: dot products 4 rows × 2 columns (8 accumulators); dense sums 3 rows × 3 registers
/// (9); sparse sums 8 registers (64 columns). Each kernel is compiled here with `avx2,fma` on.
impl SimdKernels for Avx2 {
    #[target_feature(enable = "avx2,fma")]
    unsafe fn dot_rows(&self, x: &[f32], wt: &[f32], bias: &[f32], out: &mut [f32]) {
        // SAFETY: forwarded from the caller.
        unsafe { super::dot::dot_rows::<Self, 4, 2>(*self, x, wt, bias, out) }
    }

    #[target_feature(enable = "avx2,fma")]
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
        unsafe { weighted_row_sums::<Self, 3, 3>(*self, alpha, coef, src, beta, dst, rows, k) }
    }

    #[target_feature(enable = "avx2,fma")]
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
