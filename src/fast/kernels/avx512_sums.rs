//! The weighted row sums with AVX-512: `dst = β·dst + α·coefᵀ·src`, a tile of 5 result rows × 64
//! columns kept in registers while the kernel walks along the terms `t`.

use std::arch::x86_64::*;

use ndarray::ArrayView2;

use super::avx512::{LANES, lanes_from, load};

/// Result rows per weighted-sum tile.
const SUM_ROWS: usize = 5;
/// Registers (of 16 columns) per result row in a weighted-sum tile.
const SUM_VECTORS: usize = 4;

/// Where the coefficients of a weighted sum are: `coef[t, c]` is at `ptr + t·t_stride + c·c_stride`.
#[derive(Clone, Copy)]
pub(super) struct Coef {
    ptr: *const f32,
    t_stride: isize,
    c_stride: isize,
}

impl Coef {
    /// The layout of a coefficient view (any strides).
    pub(super) fn of(view: &ArrayView2<'_, f32>) -> Coef {
        let strides = view.strides();
        Coef {
            ptr: view.as_ptr(),
            t_stride: strides[0],
            c_stride: strides[1],
        }
    }

    /// `coef[t, c]`.
    ///
    /// # Safety
    /// `(t, c)` must be inside the view this was made from, which must still be alive.
    #[inline(always)]
    unsafe fn at(self, t: usize, c: usize) -> f32 {
        // SAFETY: the caller keeps (t, c) inside the view.
        unsafe {
            *self
                .ptr
                .offset(t as isize * self.t_stride + c as isize * self.c_stride)
        }
    }
}

/// What a weighted-sum tile works on: `dst` rows `c0..c0+C`, columns `k0..k0+16·V`.
struct SumTile<'a> {
    coef: Coef,
    src: &'a [f32],
    terms: usize,
    k: usize,
    c0: usize,
    k0: usize,
}

/// `dst[c] = beta·dst[c] + alpha·Σ_t coef[t, c]·src[t]` on one tile of `C` rows × `V` registers.
#[inline]
#[target_feature(enable = "avx512f")]
unsafe fn sum_tile<const C: usize, const V: usize>(
    tile: &SumTile,
    alpha: f32,
    beta: f32,
    dst: &mut [f32],
) {
    let SumTile {
        coef,
        src,
        terms,
        k,
        c0,
        k0,
    } = *tile;
    let masks: [__mmask16; V] = std::array::from_fn(|v| lanes_from(k0 + v * LANES, k));
    let mut acc = [[_mm512_setzero_ps(); V]; C];
    for t in 0..terms {
        let row = src[t * k..].as_ptr();
        // SAFETY: the masks keep every load inside row t of src (k floats).
        let sv: [__m512; V] =
            std::array::from_fn(|v| unsafe { load(masks[v], row.add(k0 + v * LANES)) });
        for (c, acc_row) in acc.iter_mut().enumerate() {
            // SAFETY: t < terms and c0 + c < the number of dst rows, both inside `coef`.
            let weight = _mm512_set1_ps(unsafe { coef.at(t, c0 + c) });
            for (a, s) in acc_row.iter_mut().zip(sv) {
                *a = _mm512_fmadd_ps(weight, s, *a); // acc + coef·src
            }
        }
    }
    for (c, acc_row) in acc.iter().enumerate() {
        let row = dst[(c0 + c) * k..].as_mut_ptr();
        for (v, &sum) in acc_row.iter().enumerate() {
            // SAFETY: the masks keep every access inside row c0 + c of dst (k floats).
            unsafe { store_sum::<false>(row.add(k0 + v * LANES), masks[v], sum, (alpha, beta)) };
        }
    }
}

/// The end of every weighted-sum tile: `dst = β·dst + α·sum` on the lanes of `mask` at `p`.
/// With `beta = 0`, `dst` is not read; with `STREAM`, a full register that starts a cache line
/// goes straight to memory (a streaming store, which does not first read the line into cache).
///
/// # Safety
/// avx512f; the lanes of `mask` from `p` are inside one writable row.
#[inline(always)]
pub(super) unsafe fn store_sum<const STREAM: bool>(
    p: *mut f32,
    mask: __mmask16,
    sum: __m512,
    (alpha, beta): (f32, f32),
) {
    // SAFETY: the caller keeps the masked lanes inside a row of dst.
    unsafe {
        let old = if beta == 0.0 {
            _mm512_setzero_ps()
        } else {
            load(mask, p)
        };
        let scaled_old = _mm512_mul_ps(_mm512_set1_ps(beta), old);
        let new = _mm512_fmadd_ps(_mm512_set1_ps(alpha), sum, scaled_old); // β·dst + α·Σ
        if STREAM && beta == 0.0 && mask == 0xFFFF && (p as usize).is_multiple_of(64) {
            _mm512_stream_ps(p, new);
        } else {
            _mm512_mask_storeu_ps(p, mask, new);
        }
    }
}

/// All column tiles of the `C` result rows starting at `c0`.
#[inline]
#[target_feature(enable = "avx512f")]
unsafe fn sum_rows<const C: usize>(mut tile: SumTile, alpha: f32, beta: f32, dst: &mut [f32]) {
    let k = tile.k;
    while tile.k0 < k {
        if tile.k0 + SUM_VECTORS * LANES <= k {
            // SAFETY: forwarded; the tile lies inside dst and src.
            unsafe { sum_tile::<C, SUM_VECTORS>(&tile, alpha, beta, dst) };
            tile.k0 += SUM_VECTORS * LANES;
        } else {
            // SAFETY: as above; the mask trims the last register.
            unsafe { sum_tile::<C, 1>(&tile, alpha, beta, dst) };
            tile.k0 += LANES;
        }
    }
}

/// `dst = beta·dst + alpha·coefᵀ·src` with `coef: (t, rows)`, `src: (t, k)`, `dst: (rows, k)`.
///
/// # Safety
/// The CPU must support `avx512f`; `k > 0`, `src.len() = t·k`, `dst.len() = rows·k` and `coef`
/// must describe a live `(t, rows)` view.
#[target_feature(enable = "avx512f")]
pub(super) unsafe fn weighted_row_sums(
    alpha: f32,
    coef: Coef,
    src: &[f32],
    beta: f32,
    dst: &mut [f32],
    rows: usize,
    k: usize,
) {
    let terms = src.len() / k;
    let mut c0 = 0;
    while c0 < rows {
        let tile = SumTile {
            coef,
            src,
            terms,
            k,
            c0,
            k0: 0,
        };
        if c0 + SUM_ROWS <= rows {
            // SAFETY: forwarded from the caller's guarantees.
            unsafe { sum_rows::<SUM_ROWS>(tile, alpha, beta, dst) };
            c0 += SUM_ROWS;
        } else {
            // SAFETY: as above.
            unsafe { sum_rows::<1>(tile, alpha, beta, dst) };
            c0 += 1;
        }
    }
}
