//! The weighted row sums, `dst = β·dst + α·coefᵀ·src`, written once for every level ([`Simd`]):
//! a tile of `C` result rows × `V` registers of columns is kept in registers while the kernel
//! walks along the terms `t` (AVX-512: 5 rows × 4 registers, 20 of its 32; AVX2: 3 × 3, 9 of 16).

use ndarray::ArrayView2;

use super::simd::Simd;

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

/// What a weighted-sum tile works on: `dst` rows `c0..c0+C`, columns `k0..`.
struct SumTile<'a> {
    coef: Coef,
    src: &'a [f32],
    terms: usize,
    k: usize,
    c0: usize,
    k0: usize,
}

/// `dst[c] = beta·dst[c] + alpha·Σ_t coef[t, c]·src[t]` on one tile of `C` rows × `V` registers;
/// `parts` trims each register to the columns that exist (`None`: all `V` are whole).
///
/// # Safety
/// The tile lies inside `dst` and `src` (the masks trim the last columns); `coef` is alive.
#[inline(always)]
unsafe fn sum_tile<S: Simd, const C: usize, const V: usize>(
    cpu: S,
    tile: &SumTile,
    (alpha, beta): (f32, f32),
    dst: &mut [f32],
    parts: Option<[S::Mask; V]>,
) {
    let SumTile {
        coef,
        src,
        terms,
        k,
        c0,
        k0,
    } = *tile;
    let mut acc = [[cpu.zero(); V]; C];
    for t in 0..terms {
        let row = src[t * k + k0..].as_ptr();
        // SAFETY: the masks (or whole registers inside the row) keep every load in row t of src.
        let sv: [S::F32s; V] = std::array::from_fn(|v| unsafe {
            match parts {
                None => cpu.load(row.add(v * S::LANES)),
                Some(masks) => cpu.load_part(masks[v], row.add(v * S::LANES)),
            }
        });
        for (c, acc_row) in acc.iter_mut().enumerate() {
            // SAFETY: t < terms and c0 + c < the number of dst rows, both inside `coef`.
            let weight = cpu.splat(unsafe { coef.at(t, c0 + c) });
            for (a, s) in acc_row.iter_mut().zip(sv) {
                *a = cpu.mul_add(weight, s, *a); // acc + coef·src
            }
        }
    }
    for (c, acc_row) in acc.iter().enumerate() {
        let row = dst[(c0 + c) * k + k0..].as_mut_ptr();
        for (v, &sum) in acc_row.iter().enumerate() {
            let part = parts.map(|masks| masks[v]);
            // SAFETY: the mask (or a whole register inside the row) keeps every access inside
            // row c0 + c of dst.
            unsafe { store_sum::<S, false>(cpu, row.add(v * S::LANES), part, sum, (alpha, beta)) };
        }
    }
}

/// The end of every weighted-sum tile: `dst = β·dst + α·sum` on the register at `p`, or on the
/// lanes of `part`. With `beta = 0`, `dst` is not read; with `STREAM`, a whole register that
/// starts at a multiple of its size goes straight to memory (a streaming store, which does not
/// first read the line into cache; the caller [`fence`](Simd::fence)s afterwards).
///
/// # Safety
/// The register at `p` (or the lanes of `part`) is inside one writable row.
#[inline(always)]
pub(super) unsafe fn store_sum<S: Simd, const STREAM: bool>(
    cpu: S,
    p: *mut f32,
    part: Option<S::Mask>,
    sum: S::F32s,
    (alpha, beta): (f32, f32),
) {
    // SAFETY: the caller keeps the register (or the masked lanes) inside a row of dst.
    unsafe {
        let old = match (beta == 0.0, part) {
            (true, _) => cpu.zero(),
            (false, None) => cpu.load(p),
            (false, Some(mask)) => cpu.load_part(mask, p),
        };
        let scaled_old = cpu.mul(cpu.splat(beta), old);
        let new = cpu.mul_add(cpu.splat(alpha), sum, scaled_old); // β·dst + α·Σ
        let aligned = (p as usize).is_multiple_of(size_of::<S::F32s>());
        match part {
            None if STREAM && beta == 0.0 && aligned => cpu.stream(p, new),
            None => cpu.store(p, new),
            Some(mask) => cpu.store_part(mask, p, new),
        }
    }
}

/// All column tiles of the `C` result rows starting at `c0`: `V` registers at a time, then the
/// last columns one register at a time.
///
/// # Safety
/// As [`weighted_row_sums`].
#[inline(always)]
unsafe fn sum_rows<S: Simd, const C: usize, const V: usize>(
    cpu: S,
    mut tile: SumTile,
    scale: (f32, f32),
    dst: &mut [f32],
) {
    let k = tile.k;
    while tile.k0 < k {
        if tile.k0 + V * S::LANES <= k {
            // SAFETY: forwarded; the V registers lie inside dst and src.
            unsafe { sum_tile::<S, C, V>(cpu, &tile, scale, dst, None) };
            tile.k0 += V * S::LANES;
        } else {
            let last = Some([cpu.lanes_from(tile.k0, k)]);
            // SAFETY: as above; the mask trims the register to the row.
            unsafe { sum_tile::<S, C, 1>(cpu, &tile, scale, dst, last) };
            tile.k0 += S::LANES;
        }
    }
}

/// `dst = beta·dst + alpha·coefᵀ·src` with `coef: (t, rows)`, `src: (t, k)`, `dst: (rows, k)`,
/// in tiles of `C` rows × `V` registers.
///
/// # Safety
/// `k > 0`, `src.len() = t·k`, `dst.len() = rows·k` and `coef` must describe a live
/// `(t, rows)` view.
#[allow(clippy::too_many_arguments)] // the product's operands and its two sizes
#[inline(always)]
pub(super) unsafe fn weighted_row_sums<S: Simd, const C: usize, const V: usize>(
    cpu: S,
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
        if c0 + C <= rows {
            // SAFETY: forwarded from the caller's guarantees.
            unsafe { sum_rows::<S, C, V>(cpu, tile, (alpha, beta), dst) };
            c0 += C;
        } else {
            // SAFETY: as above.
            unsafe { sum_rows::<S, 1, V>(cpu, tile, (alpha, beta), dst) };
            c0 += 1;
        }
    }
}
