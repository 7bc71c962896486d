//! The dot-product kernel, `out[i, j] = bias[j] + Σ_k x[i, k]·wt[j, k]`, written once for every
//! level ([`Simd`]): a register holds `LANES` floats, and one fused multiply-add computes
//! `acc + a·b` for all of them at once.
//!
//! It keeps a tile of `R` rows of `x` × `C` rows of `wt` in registers while it walks along `k`,
//! with `R·C = LANES` so that the tile's sums fill exactly one register: 4×4 with AVX-512 (16 of
//! its 32 registers; measured: 4×5 or 6×3 are 40% slower), 4×2 with AVX2 (8 of its 16). The last,
//! partial register of a row is read through a lane mask, so any `k` works.

use super::simd::Simd;

/// `acc[r][c] += x[r][k0..k0+LANES]·w[c][k0..k0+LANES]` lane by lane; only the lanes of `part`
/// when it is given (the last columns of a row).
///
/// # Safety
/// Every row holds the floats read: `k0 + LANES`, or the lanes of `part` from `k0`.
#[inline(always)]
unsafe fn dot_step<S: Simd, const R: usize, const C: usize>(
    cpu: S,
    acc: &mut [[S::F32s; C]; R],
    (x, w): (&[*const f32; R], &[*const f32; C]),
    k0: usize,
    part: Option<S::Mask>,
) {
    // SAFETY: the caller keeps k0 + LANES (or the masked lanes) inside every row.
    let load = |p: *const f32| unsafe {
        match part {
            None => cpu.load(p.add(k0)),
            Some(mask) => cpu.load_part(mask, p.add(k0)),
        }
    };
    let wv: [S::F32s; C] = std::array::from_fn(|c| load(w[c]));
    for r in 0..R {
        let xv = load(x[r]);
        for c in 0..C {
            acc[r][c] = cpu.mul_add(xv, wv[c], acc[r][c]); // acc + x·w
        }
    }
}

/// The `R×C` dot products `Σ_k x[r][k]·w[c][k]` of rows that are `k` floats long, each still
/// spread over the lanes of a register; row `r` of `x` starts at `x + r·k`, row `c` of `w` at
/// `w + c·k`. With `PREFETCH`, the `k` floats at `ahead` (a row needed soon) are requested into
/// the L2 cache while this tile runs.
///
/// # Safety
/// The `R` rows of `x` and `C` rows of `w` are `k > 0` floats each.
#[inline(always)]
unsafe fn dot_lanes<S: Simd, const R: usize, const C: usize, const PREFETCH: bool>(
    cpu: S,
    x: *const f32,
    w: *const f32,
    k: usize,
    ahead: *const f32,
) -> [[S::F32s; C]; R] {
    let xs: [*const f32; R] = std::array::from_fn(|r| x.wrapping_add(r * k));
    let ws: [*const f32; C] = std::array::from_fn(|c| w.wrapping_add(c * k));
    let mut acc = [[cpu.zero(); C]; R];
    let full = k / S::LANES * S::LANES;
    let mut k0 = 0;
    while k0 < full {
        if PREFETCH {
            cpu.prefetch(ahead.wrapping_add(k0)); // a hint only: never dereferenced
        }
        // SAFETY: k0 + LANES <= k, and every row has k floats.
        unsafe { dot_step(cpu, &mut acc, (&xs, &ws), k0, None) };
        k0 += S::LANES;
    }
    if full < k {
        let last = Some(cpu.lanes_from(full, k));
        // SAFETY: the mask covers exactly the k - full remaining floats.
        unsafe { dot_step(cpu, &mut acc, (&xs, &ws), full, last) };
    }
    acc
}

/// The `R×C` dot products of [`dot_lanes`], each summed over its lanes.
///
/// # Safety
/// As [`dot_lanes`].
#[inline(always)]
unsafe fn dot_tile<S: Simd, const R: usize, const C: usize>(
    cpu: S,
    x: *const f32,
    w: *const f32,
    k: usize,
) -> [[f32; C]; R] {
    // SAFETY: forwarded from the caller.
    let acc = unsafe { dot_lanes::<S, R, C, false>(cpu, x, w, k, x) };
    std::array::from_fn(|r| std::array::from_fn(|c| cpu.sum(acc[r][c]))) // Σ over the lanes
}

/// `out[i + r][j] = bias[j] + x[i + r]·wt[j]` for the `R` rows of `x` starting at row `i`, all
/// columns `j`. Whole `C`-column tiles end in [`Simd::store_dot_tile`] when `R·C = LANES`; the
/// last `n % C` columns, and blocks of other heights, are summed one register at a time.
///
/// # Safety
/// As [`dot_rows`], and rows `i..i + R` exist.
#[inline(always)]
unsafe fn dot_row_block<S: Simd, const R: usize, const C: usize>(
    cpu: S,
    (x, wt, bias): (&[f32], &[f32], &[f32]),
    out: &mut [f32],
    i: usize,
) {
    let (k, n) = (wt.len() / bias.len(), bias.len());
    let rows = x[i * k..].as_ptr();
    let mut j = 0;
    while j < n {
        let cols = (n - j).min(C);
        let w = wt[j * k..].as_ptr();
        if C * R == S::LANES && cols == C {
            // The first R tiles each fetch one row of the group of R rows after next: x streams
            // from memory, and asking early hides that (measured with AVX-512: 55 -> 48 ms for
            // 50000x784x50).
            let tile = j / C;
            let ahead = rows.wrapping_add((2 * R + tile) * k);
            // SAFETY: rows i..i+R of x and j..j+C of wt exist and are k floats long; out has
            // rows i..i+R with n >= j + C columns, and R·C = LANES.
            unsafe {
                let acc = if tile < R {
                    dot_lanes::<S, R, C, true>(cpu, rows, w, k, ahead)
                } else {
                    dot_lanes::<S, R, C, false>(cpu, rows, w, k, ahead)
                };
                let out_tile = out[i * n + j..].as_mut_ptr();
                cpu.store_dot_tile(&acc, bias[j..].as_ptr(), out_tile, n); // x·wt + b
            }
            j += cols;
            continue;
        }
        // SAFETY: rows i..i+R of x and rows j..j+cols of wt exist and are k floats long.
        let sums: [[f32; C]; R] = unsafe {
            let mut sums = [[0.0; C]; R];
            let mut put = |c0: usize, part: &[[f32; 2]; R]| {
                for (row, got) in sums.iter_mut().zip(part) {
                    row[c0..c0 + 2].copy_from_slice(got);
                }
            };
            if cols == C {
                sums = dot_tile::<S, R, C>(cpu, rows, w, k);
            } else {
                // the last columns of n % C: by pairs, then one
                let mut c = 0;
                while c + 2 <= cols {
                    put(c, &dot_tile::<S, R, 2>(cpu, rows, w.add(c * k), k));
                    c += 2;
                }
                if c < cols {
                    let one = dot_tile::<S, R, 1>(cpu, rows, w.add(c * k), k);
                    for (row, single) in sums.iter_mut().zip(one) {
                        row[c] = single[0];
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

/// `out = x·wtᵀ + bias` with `x: (m, k)`, `wt: (n, k)`, `out: (m, n)`, all row-major slices, in
/// tiles of `R` rows of `x` × `C` rows of `wt`, `R·C = LANES`.
///
/// # Safety
/// `bias.len() = n > 0`, `wt.len() = n·k` with `k > 0`, `x.len() = m·k` and `out.len() = m·n`.
#[inline(always)]
pub(super) unsafe fn dot_rows<S: Simd, const R: usize, const C: usize>(
    cpu: S,
    x: &[f32],
    wt: &[f32],
    bias: &[f32],
    out: &mut [f32],
) {
    if bias.is_empty() {
        return;
    }
    let m = x.len() / (wt.len() / bias.len());
    let mut i = 0;
    while i + R <= m {
        // SAFETY: forwarded from the caller's guarantees; rows i..i+R exist.
        unsafe { dot_row_block::<S, R, C>(cpu, (x, wt, bias), out, i) };
        i += R;
    }
    for i in i..m {
        // SAFETY: as above, row i exists.
        unsafe { dot_row_block::<S, 1, C>(cpu, (x, wt, bias), out, i) };
    }
}
