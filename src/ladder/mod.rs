//! The speed ladder: the same matrix product `c[i, j] = Σ_k a[i, k] · b[k, j]`, written four
//! ways that each remove one reason the three loops of [`crate::matmul_loops`] are slow.
//!
//! In Python the chapter's lesson is "loops are slow, push the work into C". In Rust the loops
//! are already machine code, so the question becomes: what does the machine need to run them
//! fast? Each rung does exactly the same `2·m·k·n` floating-point operations; only the order
//! of memory accesses, the checks and the use of vector instructions change:
//!
//! 1. [`crate::matmul_loops::matmul_loops`]: i-j-k, the formula as written. The inner loop walks
//!    down a column of `b`, a jump of `n` floats per step, and every `[[i, k]]` is bounds-checked;
//! 2. [`matmul_ikj`]: the same loops in the order i-k-j. The inner loop now walks along a row
//!    of `b` and of `c`, neighbours in memory (one cache line serves 16 floats);
//! 3. [`matmul_ikj_zip`]: i-k-j with the inner loop over `zip`ped row slices instead of indices:
//!    no bounds checks, so the compiler can turn it into vector (SIMD) instructions;
//! 4. [`matmul_blocked`]: a 4 × 8 tile of `c` at a time, its 32 sums kept in registers while the
//!    whole `k` loop runs, reading copies of `a` and `b` packed in the order the tile reads them;
//! 5. [`crate::matmul_loops::matmul_dot`]: ndarray's `dot` (the `matrixmultiply` crate), the same
//!    idea as rung 4 with hand-written vector kernels chosen for the CPU at run time.
//!
//! [`gflops`] turns a time into a rate, and [`peak`] measures what one core can do at best, so
//! every rung can be read as a fraction of the machine.
//!
//! As in [`crate::matmul_loops`], each public function only turns its arguments into views and
//! calls a private function without type parameters, compiled optimised in this library.

pub mod peak;

use ndarray::{Array2, ArrayBase, ArrayView2, Data, Ix2, s};

use crate::error::Result;
use crate::matmul_loops::{MatmulDims, check_matmul_shapes};
use crate::tensor::{Timing, format_seconds};

/// The floating-point operations of one product: `k` multiplies and `k` adds per output element,
/// `flops = 2 · rows · inner · cols`.
pub fn matmul_flops(dims: MatmulDims) -> f64 {
    2.0 * dims.rows as f64 * dims.inner as f64 * dims.cols as f64 // 2·m·k·n
}

/// The rate of a product of sizes `dims` that took `seconds`, in billions of operations per
/// second: `GFLOP/s = 2·m·k·n / seconds / 10⁹`.
pub fn gflops(dims: MatmulDims, seconds: f64) -> f64 {
    matmul_flops(dims) / seconds / 1e9 // 2·m·k·n / t / 10⁹
}

/// One line of a ladder table: the rung's name, its fastest run's time per call, that run's rate
/// and the rate as a share of `peak_gflops`: `100 · GFLOP/s / peak`.
///
/// The fastest run counts, as for the peak: other programs on a shared machine can only slow a
/// run down, so the best run is the closest to what the code itself costs.
pub fn rate_line(name: &str, dims: MatmulDims, timing: &Timing, peak_gflops: f64) -> String {
    let rate = gflops(dims, timing.best);
    let share = 100.0 * rate / peak_gflops; // % of the core's peak
    // The figures come last: their width changes from run to run.
    let time = format_seconds(timing.best);
    format!("{name:<34} {time}  {rate:.2} GFLOP/s  {share:.1}% of peak")
}

/// `a @ b` with the loops in the order i-k-j: `c[i, j] += a[i, k] · b[k, j]`, inner loop over `j`.
pub fn matmul_ikj<S1, S2>(a: &ArrayBase<S1, Ix2>, b: &ArrayBase<S2, Ix2>) -> Result<Array2<f32>>
where
    S1: Data<Elem = f32>,
    S2: Data<Elem = f32>,
{
    ikj(a.view(), b.view())
}

/// The body of [`matmul_ikj`], compiled in this crate.
// ANCHOR: matmul_ikj
#[inline(never)]
fn ikj(a: ArrayView2<'_, f32>, b: ArrayView2<'_, f32>) -> Result<Array2<f32>> {
    let dims = check_matmul_shapes("matmul_ikj", &a, &b)?;
    let mut c = Array2::zeros((dims.rows, dims.cols));
    for i in 0..dims.rows {
        for k in 0..dims.inner {
            let a_ik = a[[i, k]];
            for j in 0..dims.cols {
                c[[i, j]] += a_ik * b[[k, j]]; // c[i,j] = Σ_k a[i,k]·b[k,j], j innermost
            }
        }
    }
    Ok(c)
}
// ANCHOR_END: matmul_ikj

/// `a @ b` in the order i-k-j with iterators: row `i` of `c` += `a[i, k]` · row `k` of `b`,
/// element by element over `zip`ped slices, so no index is checked in the inner loop.
pub fn matmul_ikj_zip<S1, S2>(a: &ArrayBase<S1, Ix2>, b: &ArrayBase<S2, Ix2>) -> Result<Array2<f32>>
where
    S1: Data<Elem = f32>,
    S2: Data<Elem = f32>,
{
    ikj_zip(a.view(), b.view())
}

/// The body of [`matmul_ikj_zip`], compiled in this crate.
// ANCHOR: matmul_ikj_zip
#[inline(never)]
fn ikj_zip(a: ArrayView2<'_, f32>, b: ArrayView2<'_, f32>) -> Result<Array2<f32>> {
    let dims = check_matmul_shapes("matmul_ikj_zip", &a, &b)?;
    let b = b.as_standard_layout(); // rows contiguous (copied only if they are not)
    let mut c = Array2::zeros((dims.rows, dims.cols));
    for (c_row, a_row) in c.rows_mut().into_iter().zip(a.rows()) {
        let c_row = c_row.into_slice().unwrap_or_default(); // a fresh array's rows are slices
        for (&a_ik, b_row) in a_row.iter().zip(b.rows()) {
            let b_row = b_row.to_slice().unwrap_or_default();
            for (c_ij, &b_kj) in c_row.iter_mut().zip(b_row) {
                *c_ij += a_ik * b_kj; // c[i,:] += a[i,k]·b[k,:]
            }
        }
    }
    Ok(c)
}
// ANCHOR_END: matmul_ikj_zip

/// Rows of `c` one tile covers.
const TILE_ROWS: usize = 4;
/// Columns of `c` one tile covers: 4 × 8 = 32 running sums, few enough to live in registers.
const TILE_COLS: usize = 8;

/// `a @ b` one 4 × 8 tile of `c` at a time: `c[i0.., j0..] = Σ_k a[i0.., k] ⊗ b[k, j0..]`,
/// from copies of `a` and `b` packed in the order the tile reads them (blocked, SIMD-friendly).
pub fn matmul_blocked<S1, S2>(a: &ArrayBase<S1, Ix2>, b: &ArrayBase<S2, Ix2>) -> Result<Array2<f32>>
where
    S1: Data<Elem = f32>,
    S2: Data<Elem = f32>,
{
    blocked(a.view(), b.view())
}

/// The body of [`matmul_blocked`], compiled in this crate.
// ANCHOR: matmul_blocked
#[inline(never)]
fn blocked(a: ArrayView2<'_, f32>, b: ArrayView2<'_, f32>) -> Result<Array2<f32>> {
    let dims = check_matmul_shapes("matmul_blocked", &a, &b)?;
    let mut c = Array2::zeros((dims.rows, dims.cols));
    let col_starts = (0..dims.cols).step_by(TILE_COLS);
    let b_panels: Vec<Vec<f32>> = col_starts.clone().map(|j0| pack_b(b, j0)).collect();
    for i0 in (0..dims.rows).step_by(TILE_ROWS) {
        let a_panel = pack_a(a, i0);
        for (j0, b_panel) in col_starts.clone().zip(&b_panels) {
            let sums = tile_product(&a_panel, b_panel);
            let i_end = (i0 + TILE_ROWS).min(dims.rows);
            let j_end = (j0 + TILE_COLS).min(dims.cols);
            let mut tile = c.slice_mut(s![i0..i_end, j0..j_end]);
            for (mut c_row, sum_row) in tile.rows_mut().into_iter().zip(&sums) {
                c_row
                    .iter_mut()
                    .zip(sum_row)
                    .for_each(|(c_ij, s)| *c_ij = *s);
            }
        }
    }
    Ok(c)
}

/// One tile: `sums[r][q] = Σ_k a_panel[k][r] · b_panel[k][q]`, 32 sums held in registers
/// over the whole `k` loop; each step is 4 × 8 independent multiply-adds, which vectorize.
fn tile_product(a_panel: &[f32], b_panel: &[f32]) -> [[f32; TILE_COLS]; TILE_ROWS] {
    let mut sums = [[0.0f32; TILE_COLS]; TILE_ROWS];
    let (a_columns, _) = a_panel.as_chunks::<TILE_ROWS>(); // a_columns[k] = a[i0..i0+4, k]
    let (b_rows, _) = b_panel.as_chunks::<TILE_COLS>(); // b_rows[k] = b[k, j0..j0+8]
    for (a_k, b_k) in a_columns.iter().zip(b_rows) {
        for (sum_row, &a_rk) in sums.iter_mut().zip(a_k) {
            for (sum, &b_kq) in sum_row.iter_mut().zip(b_k) {
                *sum += a_rk * b_kq; // c[i0+r, j0+q] += a[i0+r, k]·b[k, j0+q]
            }
        }
    }
    sums
}

/// Rows `i0..i0+4` of `a`, column by column: `panel[k·4 + r] = a[i0 + r, k]`, 0 past the last row.
fn pack_a(a: ArrayView2<'_, f32>, i0: usize) -> Vec<f32> {
    let rows = a.slice(s![i0..(i0 + TILE_ROWS).min(a.nrows()), ..]);
    let mut panel = vec![0.0; a.ncols() * TILE_ROWS];
    for (chunk, column) in panel.chunks_exact_mut(TILE_ROWS).zip(rows.columns()) {
        chunk.iter_mut().zip(column).for_each(|(p, x)| *p = *x);
    }
    panel
}

/// Columns `j0..j0+8` of `b`, row by row: `panel[k·8 + q] = b[k, j0 + q]`, 0 past the last column.
fn pack_b(b: ArrayView2<'_, f32>, j0: usize) -> Vec<f32> {
    let columns = b.slice(s![.., j0..(j0 + TILE_COLS).min(b.ncols())]);
    let mut panel = vec![0.0; b.nrows() * TILE_COLS];
    for (chunk, row) in panel.chunks_exact_mut(TILE_COLS).zip(columns.rows()) {
        chunk.iter_mut().zip(row).for_each(|(p, x)| *p = *x);
    }
    panel
}
// ANCHOR_END: matmul_blocked

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::{randn, rng};
    use crate::matmul_loops::matmul_dot;
    use crate::tensor::test_close;

    /// Every rung against ndarray's `dot`, on shapes that are not multiples of the tile (and
    /// on a transposed view, whose rows are not contiguous).
    #[test]
    fn every_rung_equals_matmul_dot() {
        type Rung = fn(ArrayView2<'_, f32>, ArrayView2<'_, f32>) -> Result<Array2<f32>>;
        let rungs: [(&str, Rung); 3] = [("ikj", ikj), ("ikj_zip", ikj_zip), ("blocked", blocked)];
        for (m, k, n) in [(5, 784, 10), (1, 1, 1), (9, 17, 13), (4, 3, 8), (0, 3, 2)] {
            let a = randn::<f32>(&mut rng(1), m, k);
            let b = randn::<f32>(&mut rng(2), k, n);
            let expected = matmul_dot(&a, &b).unwrap();
            for (name, rung) in rungs {
                let got = rung(a.view(), b.view()).unwrap();
                test_close(&got, &expected, 1e-4)
                    .unwrap_or_else(|e| panic!("{name} {m}x{k}x{n}: {e}"));
            }
        }
        let a = randn::<f32>(&mut rng(3), 7, 6);
        let b_t = randn::<f32>(&mut rng(4), 11, 7);
        let expected = matmul_dot(&a.t(), &b_t.t()).unwrap();
        test_close(&matmul_ikj_zip(&a.t(), &b_t.t()).unwrap(), &expected, 1e-4).unwrap();
        test_close(&matmul_blocked(&a.t(), &b_t.t()).unwrap(), &expected, 1e-4).unwrap();
        test_close(&matmul_ikj(&a.t(), &b_t.t()).unwrap(), &expected, 1e-4).unwrap();
    }

    #[test]
    fn mismatched_shapes_name_the_rung() {
        let a = Array2::<f32>::zeros((2, 3));
        let b = Array2::<f32>::zeros((4, 5));
        for (name, err) in [
            ("matmul_ikj", matmul_ikj(&a, &b)),
            ("matmul_ikj_zip", matmul_ikj_zip(&a, &b)),
            ("matmul_blocked", matmul_blocked(&a, &b)),
        ] {
            let msg = err.unwrap_err().to_string();
            assert!(
                msg.contains(&format!("{name}: got [2, 3] and [4, 5]")),
                "{msg}"
            );
        }
    }

    #[test]
    fn rate_is_two_flops_per_multiply_add() {
        let dims = MatmulDims {
            rows: 5,
            inner: 784,
            cols: 10,
        };
        assert_eq!(matmul_flops(dims), 78_400.0);
        assert!((gflops(dims, 1e-3) - 0.0784).abs() < 1e-12);
        let timing = Timing {
            mean: 2e-3,
            std: 1e-3,
            best: 1e-3,
            runs: 1,
            loops: 1,
        };
        let line = rate_line("three loops", dims, &timing, 0.784);
        assert!(line.starts_with("three loops "), "{line}");
        assert!(
            line.ends_with("1.00 ms  0.08 GFLOP/s  10.0% of peak"),
            "{line}"
        );
    }
}
