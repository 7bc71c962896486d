//! [`weighted_row_sums`](super::weighted_row_sums) with `skip_zeros`, for coefficients that are
//! mostly zero.
//!
//! Behind a ReLU, the gradient of every unit that was off is exactly 0: in the chapter's
//! networks about half of `l1.g`. The two products that use it as coefficients, `w1.g = xᵀ·l1.g`
//! and `x.g = l1.g·w1ᵀ`, each add `l1.g[i, j]`-weighted rows; a row weighted by 0 adds nothing,
//! so it need not be read at all. [`NonZeros`] lists, for every result row, the terms whose
//! coefficient is not 0, and the kernel adds only those: half the multiply-adds.
//! When the result is only written (`beta = 0`) and a register starts at a multiple of its size,
//! it is stored with a streaming store, which does not first read the line into the cache: the
//! input gradient of 50,000 rows is 157 MB that nothing reads back soon.

use ndarray::ArrayView2;

#[cfg(target_arch = "x86_64")]
use super::simd::Simd;
#[cfg(target_arch = "x86_64")]
use super::sums::store_sum;

/// For each result row `c` of a weighted row sum, the terms `t` with `coef[t, c] ≠ 0` and their
/// coefficients: reusable storage, so that gathering them allocates nothing after the first call.
#[derive(Clone, Debug, Default)]
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))] // only the SIMD levels read it
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
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))] // only the SIMD levels use it
    pub(super) fn gather(&mut self, coef: &ArrayView2<'_, f32>) {
        let (terms, rows) = coef.dim();
        self.stride = terms;
        self.terms.resize(terms * rows, 0);
        self.weights.resize(terms * rows, 0.0);
        self.counts.clear();
        self.counts.resize(rows, 0); // stays 0 for every row when there are no terms
        // each row's own slices, so the loop below keeps its pointers in registers
        let lists = (self.terms.chunks_exact_mut(terms.max(1)))
            .zip(self.weights.chunks_exact_mut(terms.max(1)));
        let rows_out = lists.zip(&mut self.counts);
        // A column read through a slice iterator compiles to a tight loop, ndarray's column
        // iterator did not (measured: the gather's share of the real-data epoch's CPU time
        // 5.0% -> 3.8%; the epoch 1% faster)
        if let Some(row_major) = coef.as_slice() {
            for (c, (list, count)) in rows_out.enumerate() {
                *count = keep_nonzeros(row_major[c..].iter().step_by(rows.max(1)), list);
            }
        } else if let Some(column_major) = coef.t().as_slice() {
            let columns = column_major.chunks_exact(terms.max(1));
            for (column, (list, count)) in columns.zip(rows_out) {
                *count = keep_nonzeros(column.iter(), list);
            }
        } else {
            for (column, (list, count)) in coef.columns().into_iter().zip(rows_out) {
                *count = keep_nonzeros(column.iter(), list);
            }
        }
    }

    /// Result row `c`'s terms and coefficients.
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))] // only the SIMD levels use it
    fn row(&self, c: usize) -> (&[u32], &[f32]) {
        let range = c * self.stride..c * self.stride + self.counts[c];
        (&self.terms[range.clone()], &self.weights[range])
    }
}

/// Writes the position and value of each nonzero entry of `column` to the front of `terms` and
/// `weights` (as long as `column`); returns how many there are.
fn keep_nonzeros<'a>(
    column: impl Iterator<Item = &'a f32>,
    (terms, weights): (&mut [u32], &mut [f32]),
) -> usize {
    let mut kept = 0;
    for (t, &w) in column.enumerate() {
        // always write, keep only nonzeros: no branch to mispredict
        terms[kept] = t as u32;
        weights[kept] = w;
        kept += usize::from(w != 0.0);
    }
    kept
}

/// `dst[c][k0..] = beta·dst[c][k0..] + alpha·Σ_t w_t·src[t][k0..]` over the nonzero terms of
/// row `c`, for `V` registers of columns; `parts` trims each register to the columns that exist
/// (`None`: all `V` are whole).
///
/// # Safety
/// Every listed term is a row of `src` (`k` floats each), `row` points at `dst[c]`, and the
/// registers (or their masked lanes) from `k0` lie inside a row.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn tile<S: Simd, const V: usize>(
    cpu: S,
    (terms, weights): (&[u32], &[f32]),
    src: *const f32,
    (k, k0): (usize, usize),
    parts: Option<[S::Mask; V]>,
    scale: (f32, f32),
    row: *mut f32,
) {
    // V registers of sums: V independent chains of multiply-adds, enough to keep the FMA
    // unit busy while each waits for its previous result.
    let mut acc = [cpu.zero(); V];
    for (&t, &w) in terms.iter().zip(weights) {
        let (weight, from) = (cpu.splat(w), src.wrapping_add(t as usize * k + k0));
        for (v, a) in acc.iter_mut().enumerate() {
            // SAFETY: row t of src has k floats; the register (or its mask) stays inside it.
            let s = unsafe {
                match parts {
                    None => cpu.load(from.add(v * S::LANES)),
                    Some(masks) => cpu.load_part(masks[v], from.add(v * S::LANES)),
                }
            };
            *a = cpu.mul_add(weight, s, *a); // acc + w·src
        }
    }
    for (v, &sum) in acc.iter().enumerate() {
        let part = parts.map(|masks| masks[v]);
        // SAFETY: the register (or its mask) stays inside dst's row; a write-only result goes
        // straight to memory, without first reading the line into cache.
        unsafe { store_sum::<S, true>(cpu, row.add(k0 + v * S::LANES), part, sum, scale) };
    }
}

/// `dst = beta·dst + alpha·coefᵀ·src` from the nonzero coefficients in `nz`, for
/// `src: (t, k)` and `dst: (rows, k)` row-major, in tiles of `V` registers of columns. Column
/// tiles are the outer loop, so each tile of `src` is read from L1 by every result row
/// (AVX-512: 8 registers of 16 floats, measured on `64×784·784×50`-sized products with half the
/// coefficients 0 to beat 2, 4 and 12 by 10–35%; 64 source rows of 128 columns are 32 KB).
/// When adding to `dst` (`beta = 1`), a result row without a nonzero coefficient is not touched:
/// in an SGD step that is the weight row of a hidden unit the ReLU kept off for the whole batch,
/// most of them once units have died.
///
/// # Safety
/// `k > 0`, `nz` gathered from a `(t, rows)` coefficient view with `src.len() = t·k` and
/// `dst.len() = rows·k`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub(super) unsafe fn sparse_row_sums<S: Simd, const V: usize>(
    cpu: S,
    alpha: f32,
    nz: &NonZeros,
    src: &[f32],
    beta: f32,
    dst: &mut [f32],
    k: usize,
) {
    let rows = dst.len() / k;
    // The columns before the first 64-byte line boundary in src go first, a masked register at a
    // time: when src's rows are whole lines apart (k a multiple of 16), every later register of
    // src then lies in one line instead of straddling two (measured: the real-data epoch, whose
    // rows of x start 16 bytes into a line, 4–5% faster on AVX-512, 2% on AVX2).
    let head = src.as_ptr().align_offset(64).min(k);
    let mut k0 = 0;
    while k0 < k {
        let wide = k0 >= head && k0 + V * S::LANES <= k;
        let end = if k0 < head { head } else { k }; // the columns a single register may take
        for c in 0..rows {
            if beta == 1.0 && nz.row(c).0.is_empty() {
                continue; // dst[c] + alpha·0 = dst[c]: a unit off for every row changes nothing
            }
            let (row, at) = (dst[c * k..].as_mut_ptr(), (k, k0));
            // SAFETY: forwarded from the caller; a mask trims a single register to columns
            // k0..end, inside the row (end <= k).
            unsafe {
                if wide {
                    tile::<S, V>(cpu, nz.row(c), src.as_ptr(), at, None, (alpha, beta), row);
                } else {
                    let part = Some([cpu.lanes_from(k0, end)]);
                    tile::<S, 1>(cpu, nz.row(c), src.as_ptr(), at, part, (alpha, beta), row);
                }
            }
        }
        k0 += if wide {
            V * S::LANES
        } else {
            (end - k0).min(S::LANES)
        };
    }
    cpu.fence(); // the streamed stores are visible before anyone reads dst
}
