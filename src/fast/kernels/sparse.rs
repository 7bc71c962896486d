//! [`weighted_row_sums`](super::weighted_row_sums) with `skip_zeros`, for coefficients that are
//! mostly zero.
//!
//! Behind a ReLU, the gradient of every unit that was off is exactly 0: in the chapter's
//! networks about half of `l1.g`. The two products that use it as coefficients, `w1.g = xᵀ·l1.g`
//! and `x.g = l1.g·w1ᵀ`, each add `l1.g[i, j]`-weighted rows; a row weighted by 0 adds nothing,
//! so it need not be read at all. [`NonZeros`] lists, for every result row, the terms whose
//! coefficient is not 0, and the AVX-512 kernel adds only those: half the multiply-adds.
//! When the result is only written (`beta = 0`) and a register's 64 bytes start a cache line, it
//! is stored with a streaming store, which does not first read the line into the cache: the
//! input gradient of 50,000 rows is 157 MB that nothing reads back soon.

use ndarray::ArrayView2;

/// For each result row `c` of a weighted row sum, the terms `t` with `coef[t, c] ≠ 0` and their
/// coefficients: reusable storage, so that gathering them allocates nothing after the first call.
#[derive(Clone, Debug, Default)]
pub struct NonZeros {
    /// Row `c`'s terms are `terms[c·stride .. c·stride + counts[c]]`.
    terms: Vec<u32>,
    weights: Vec<f32>,
    counts: Vec<usize>,
    stride: usize,
}

impl NonZeros {
    /// Empty storage; it grows to the largest product it is used for.
    pub fn new() -> Self {
        NonZeros::default()
    }

    /// Lists the nonzero entries of each column of `coef: (t, c)`. A NaN counts as nonzero.
    pub(super) fn gather(&mut self, coef: &ArrayView2<'_, f32>) {
        let (terms, rows) = coef.dim();
        self.stride = terms;
        self.terms.resize(terms * rows, 0);
        self.weights.resize(terms * rows, 0.0);
        self.counts.resize(rows, 0);
        for (c, column) in coef.columns().into_iter().enumerate() {
            let base = c * terms;
            let mut count = 0;
            for (t, &w) in column.iter().enumerate() {
                // always write, keep only nonzeros: no branch to mispredict
                self.terms[base + count] = t as u32;
                self.weights[base + count] = w;
                count += usize::from(w != 0.0);
            }
            self.counts[c] = count;
        }
    }

    /// Result row `c`'s terms and coefficients.
    fn row(&self, c: usize) -> (&[u32], &[f32]) {
        let range = c * self.stride..c * self.stride + self.counts[c];
        (&self.terms[range.clone()], &self.weights[range])
    }
}

/// Registers (of 16 columns) per tile. Measured on `64×784·784×50`-sized products with half
/// the coefficients 0: 8 (128 columns) beats 2, 4 and 12 by 10–35%; a tile of 64 source rows
/// (32 KB) is read from L1 by every result row.
#[cfg(target_arch = "x86_64")]
const VECTORS: usize = 8;

/// `dst[c][k0..] = beta·dst[c][k0..] + alpha·Σ_t w_t·src[t][k0..]` over the nonzero terms of
/// row `c`, for `V` registers of columns (the last one trimmed by `masks`).
///
/// # Safety
/// avx512f; every listed term is a row of `src` (`k` floats each), `row` points at `dst[c]`,
/// and the masked lanes from `k0` lie inside a row.
#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "avx512f")]
unsafe fn tile<const V: usize>(
    (terms, weights): (&[u32], &[f32]),
    src: *const f32,
    (k, k0): (usize, usize),
    masks: [std::arch::x86_64::__mmask16; V],
    scale: (f32, f32),
    row: *mut f32,
) {
    use super::avx512::{LANES, load};
    use super::avx512_sums::store_sum;
    use std::arch::x86_64::{__m512, _mm512_fmadd_ps, _mm512_set1_ps, _mm512_setzero_ps};
    // V registers of sums: V independent chains of multiply-adds, enough to keep the FMA
    // unit busy while each waits for its previous result.
    let mut acc: [__m512; V] = [_mm512_setzero_ps(); V];
    for (&t, &w) in terms.iter().zip(weights) {
        let (weight, from) = (_mm512_set1_ps(w), src.wrapping_add(t as usize * k + k0));
        for v in 0..V {
            // SAFETY: row t of src has k floats; the mask keeps the load inside it.
            let s = unsafe { load(masks[v], from.add(v * LANES)) };
            acc[v] = _mm512_fmadd_ps(weight, s, acc[v]); // acc + w·src
        }
    }
    for (v, &sum) in acc.iter().enumerate() {
        // SAFETY: the mask keeps every access inside dst's row; a write-only result goes
        // straight to memory, without first reading the line into cache.
        unsafe { store_sum::<true>(row.add(k0 + v * LANES), masks[v], sum, scale) };
    }
}

/// `dst = beta·dst + alpha·coefᵀ·src` from the nonzero coefficients in `nz`, for
/// `src: (t, k)` and `dst: (rows, k)` row-major. Column tiles are the outer loop, so each
/// tile of `src` is read from L1 by every result row.
///
/// # Safety
/// avx512f; `k > 0`, `nz` gathered from a `(t, rows)` coefficient view with
/// `src.len() = t·k` and `dst.len() = rows·k`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
pub(super) unsafe fn avx512_sums(
    alpha: f32,
    nz: &NonZeros,
    src: &[f32],
    beta: f32,
    dst: &mut [f32],
    k: usize,
) {
    use super::avx512::{LANES, lanes_from};
    let rows = dst.len() / k;
    let mut k0 = 0;
    while k0 < k {
        let wide = k0 + VECTORS * LANES <= k;
        for c in 0..rows {
            let (row, at) = (dst[c * k..].as_mut_ptr(), (k, k0));
            // SAFETY: forwarded from the caller; the masks trim the last register.
            unsafe {
                if wide {
                    let full = [0xFFFF; VECTORS];
                    tile::<VECTORS>(nz.row(c), src.as_ptr(), at, full, (alpha, beta), row);
                } else {
                    let last = [lanes_from(k0, k)];
                    tile::<1>(nz.row(c), src.as_ptr(), at, last, (alpha, beta), row);
                }
            }
        }
        k0 += if wide { VECTORS * LANES } else { LANES };
    }
    std::arch::x86_64::_mm_sfence(); // the streamed stores are visible before anyone reads dst
}
