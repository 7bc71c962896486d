//! The dot-product kernel with AVX-512, and what every AVX-512 kernel shares: a register holds 16
//! floats, and one fused multiply-add instruction computes `acc + a·b` for all 16 at once.
//! (The weighted row sums are in `avx512_sums.rs`, the sparse ones in `sparse.rs`.)
//!
//! Both kernels keep a small tile of results in registers while they walk along `k`: 4×4 dot
//! products in [`dot_rows`], 5 rows × 64 columns in [`weighted_row_sums`]. Larger tiles run out
//! of the 32 vector registers (measured: 4×5 or 6×3 dot tiles are 40% slower). The last, partial
//! group of 16 columns is read and written through a lane mask, so any size works.

use std::arch::x86_64::*;

/// Floats per AVX-512 register.
pub(super) const LANES: usize = 16;
/// Rows of `x` per dot-product tile.
const DOT_ROWS: usize = 4;
/// Rows of `wt` per dot-product tile.
const DOT_COLS: usize = 4;

/// The lane mask selecting columns `start..min(start + 16, len)`.
#[inline]
#[target_feature(enable = "avx512f")]
pub(super) fn lanes_from(start: usize, len: usize) -> __mmask16 {
    let count = len.saturating_sub(start).min(LANES);
    ((1u32 << count) - 1) as __mmask16
}

/// Loads the lanes of `mask` from `p` (others are 0).
#[inline]
#[target_feature(enable = "avx512f")]
pub(super) unsafe fn load(mask: __mmask16, p: *const f32) -> __m512 {
    // SAFETY: the caller guarantees the masked lanes are in bounds; masked lanes are not read.
    unsafe { _mm512_maskz_loadu_ps(mask, p) }
}

/// `acc[r][c] += x[r][k0..k0+16]·w[c][k0..k0+16]` lane by lane (masked to the valid lanes).
#[inline(always)]
unsafe fn dot_step<const R: usize, const C: usize>(
    acc: &mut [[__m512; C]; R],
    x: &[*const f32; R],
    w: &[*const f32; C],
    k0: usize,
    mask: __mmask16,
) {
    // SAFETY: called from `dot_tile`, which only passes rows of at least k0 + popcount(mask) floats.
    unsafe {
        let wv: [__m512; C] = std::array::from_fn(|c| load(mask, w[c].add(k0)));
        for r in 0..R {
            let xv = load(mask, x[r].add(k0));
            for c in 0..C {
                acc[r][c] = _mm512_fmadd_ps(xv, wv[c], acc[r][c]); // acc + x·w
            }
        }
    }
}

/// The `R×C` dot products `Σ_k x[r][k]·w[c][k]` of rows that are `k` floats long, each still
/// spread over the 16 lanes of a register; row `r` of `x` starts at `x + r·k`, row `c` of `w` at
/// `w + c·k`. With `PREFETCH`, the `k` floats at `ahead` (a row needed soon) are requested into
/// the L2 cache while this tile runs.
#[inline]
#[target_feature(enable = "avx512f")]
unsafe fn dot_lanes<const R: usize, const C: usize, const PREFETCH: bool>(
    x: *const f32,
    w: *const f32,
    k: usize,
    ahead: *const f32,
) -> [[__m512; C]; R] {
    let xs: [*const f32; R] = std::array::from_fn(|r| x.wrapping_add(r * k));
    let ws: [*const f32; C] = std::array::from_fn(|c| w.wrapping_add(c * k));
    let mut acc = [[_mm512_setzero_ps(); C]; R];
    let full = k / LANES * LANES;
    let mut k0 = 0;
    while k0 < full {
        if PREFETCH {
            // a hint only: an address past the end is never dereferenced
            _mm_prefetch::<_MM_HINT_T1>(ahead.wrapping_add(k0).cast());
        }
        // SAFETY: k0 + 16 <= k, and every row has k floats.
        unsafe { dot_step(&mut acc, &xs, &ws, k0, 0xFFFF) };
        k0 += LANES;
    }
    if full < k {
        // SAFETY: the mask covers exactly the k - full remaining floats.
        unsafe { dot_step(&mut acc, &xs, &ws, full, lanes_from(full, k)) };
    }
    acc
}

/// The `R×C` dot products of [`dot_lanes`], each summed over its 16 lanes.
#[inline]
#[target_feature(enable = "avx512f")]
unsafe fn dot_tile<const R: usize, const C: usize>(
    x: *const f32,
    w: *const f32,
    k: usize,
) -> [[f32; C]; R] {
    // SAFETY: forwarded from the caller.
    let acc = unsafe { dot_lanes::<R, C, false>(x, w, k, x) };
    // Σ over the 16 lanes of each register
    std::array::from_fn(|r| std::array::from_fn(|c| _mm512_reduce_add_ps(acc[r][c])))
}

/// Sums each of 16 registers over its lanes at once, as a tree: each level adds two halves of a
/// pair of registers, so 15 additions replace the 60 of 16 separate sums. `v[r + 4·c]` is
/// summed into lane `4·r + c`, i.e. the result holds a 4×4 tile row by row.
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

/// `out[i][j] = bias[j] + x[i]·wt[j]` for the `R` rows of `x` starting at row `i`.
#[inline]
#[target_feature(enable = "avx512f")]
unsafe fn dot_row_block<const R: usize>(
    x: &[f32],
    wt: &[f32],
    bias: &[f32],
    out: &mut [f32],
    i: usize,
) {
    let (k, n) = (wt.len() / bias.len(), bias.len());
    let rows = x[i * k..].as_ptr();
    let mut j = 0;
    while j < n {
        let cols = (n - j).min(DOT_COLS);
        let w = wt[j * k..].as_ptr();
        // The first R tiles each fetch one row of the group of R rows after next: x streams from
        // memory, and asking early hides that (measured: 55 -> 48 ms for 50000x784x50).
        let tile = j / DOT_COLS;
        let ahead = rows.wrapping_add((2 * R + tile) * k);
        if R == DOT_ROWS && cols == DOT_COLS {
            // SAFETY: rows i..i+4 of x and j..j+4 of wt exist and are k floats long; out has
            // rows i..i+4 with n >= j + 4 columns.
            unsafe {
                let acc = if tile < R {
                    dot_lanes::<R, DOT_COLS, true>(rows, w, k, ahead)
                } else {
                    dot_lanes::<R, DOT_COLS, false>(rows, w, k, ahead)
                };
                let sums = sum_lanes_4x4(std::array::from_fn(|v| acc[v % 4][v / 4]));
                // the 4 biases in each group of 4 lanes: x·wt + b
                let b = _mm512_broadcast_f32x4(_mm_loadu_ps(bias[j..].as_ptr()));
                let tile_sums = _mm512_add_ps(sums, b);
                let mut out_row = |r: usize| out[(i + r) * n + j..].as_mut_ptr();
                _mm_storeu_ps(out_row(0), _mm512_extractf32x4_ps::<0>(tile_sums));
                _mm_storeu_ps(out_row(1), _mm512_extractf32x4_ps::<1>(tile_sums));
                _mm_storeu_ps(out_row(2), _mm512_extractf32x4_ps::<2>(tile_sums));
                _mm_storeu_ps(out_row(3), _mm512_extractf32x4_ps::<3>(tile_sums));
            }
            j += cols;
            continue;
        }
        // SAFETY: rows i..i+R of x and rows j..j+cols of wt exist and are k floats long.
        let sums: [[f32; DOT_COLS]; R] = unsafe {
            let mut sums = [[0.0; DOT_COLS]; R];
            let mut put = |c0: usize, part: &[[f32; 2]; R]| {
                for (row, got) in sums.iter_mut().zip(part) {
                    row[c0..c0 + 2].copy_from_slice(got);
                }
            };
            match cols {
                DOT_COLS => sums = dot_tile::<R, DOT_COLS>(rows, w, k),
                // the last columns of n % 4: by pairs, then one
                _ => {
                    let mut c = 0;
                    while c + 2 <= cols {
                        put(c, &dot_tile::<R, 2>(rows, w.add(c * k), k));
                        c += 2;
                    }
                    if c < cols {
                        let one = dot_tile::<R, 1>(rows, w.add(c * k), k);
                        for (row, single) in sums.iter_mut().zip(one) {
                            row[c] = single[0];
                        }
                    }
                }
            }
            sums
        };
        for r in 0..R {
            for c in 0..cols {
                out[(i + r) * n + j + c] = sums[r][c] + bias[j + c]; // x·wt + b
            }
        }
        j += cols;
    }
}

/// `out = x·wtᵀ + bias` with `x: (m, k)`, `wt: (n, k)`, `out: (m, n)`, all row-major slices.
///
/// # Safety
/// The CPU must support `avx512f`; `bias.len() = n > 0`, `wt.len() = n·k` with `k > 0`,
/// `x.len() = m·k` and `out.len() = m·n`.
#[target_feature(enable = "avx512f")]
pub(super) unsafe fn dot_rows(x: &[f32], wt: &[f32], bias: &[f32], out: &mut [f32]) {
    if bias.is_empty() {
        return;
    }
    let m = x.len() / (wt.len() / bias.len());
    let mut i = 0;
    while i + DOT_ROWS <= m {
        // SAFETY: forwarded from the caller's guarantees.
        unsafe { dot_row_block::<DOT_ROWS>(x, wt, bias, out, i) };
        i += DOT_ROWS;
    }
    for i in i..m {
        // SAFETY: as above.
        unsafe { dot_row_block::<1>(x, wt, bias, out, i) };
    }
}
