//! The kernels against the readable maths (ndarray's `dot`) on every engine this CPU has, and
//! each SIMD engine against the portable one.

use std::io::Write;

use ndarray::{Array1, Array2};

use super::*;
use crate::init;
use crate::tensor::test_close;

/// Every engine this CPU can run ([`Engine::available`]): AVX-512, AVX2, then portable.
///
/// A level the CPU lacks cannot be tested at all. That is said out loud (written straight to
/// stderr, which the test harness does not capture, so it shows in every `cargo test` run), and
/// with `FOUNDATIONS_REQUIRE_AVX512=1` or `FOUNDATIONS_REQUIRE_AVX2=1` (as `.ci/run` sets on a
/// machine whose CPU has them) it is a failure instead.
pub(crate) fn engines_to_test() -> Vec<Engine> {
    let levels = [
        (
            "AVX-512",
            "avx512f",
            "FOUNDATIONS_REQUIRE_AVX512",
            Engine::avx512(),
        ),
        (
            "AVX2",
            "avx2 and fma",
            "FOUNDATIONS_REQUIRE_AVX2",
            Engine::avx2(),
        ),
    ];
    for (level, features, variable, engine) in levels {
        if engine.is_some() {
            continue;
        }
        let required = std::env::var(variable).is_ok_and(|v| v == "1");
        assert!(
            !required,
            "{variable}=1 but this CPU has no {features}: the {level} kernels cannot be tested here"
        );
        let _ = writeln!(
            std::io::stderr(),
            "\n*** NOT TESTED: this CPU has no {features}, so the {level} kernels were not run. ***\n"
        );
    }
    Engine::available()
}

fn random(rng: &mut init::Rng, rows: usize, cols: usize) -> Array2<f32> {
    init::uniform(rng, rows, cols, -1.0, 1.0)
}

/// Odd sizes exercise every tail: rows not a multiple of 4 or 5, columns not of 16 or 64.
const SHAPES: [(usize, usize, usize); 4] = [(64, 784, 50), (7, 37, 13), (1, 1, 1), (13, 130, 6)];

#[test]
fn the_engines_are_what_they_say() {
    assert_eq!(Engine::portable().name(), "portable");
    let (avx512, avx2) = (Engine::avx512(), Engine::avx2());
    assert_eq!(avx512.map(Engine::name), avx512.map(|_| "avx512"));
    assert_eq!(avx2.map(Engine::name), avx2.map(|_| "avx2"));
    let fastest = avx512.or(avx2).unwrap_or(Engine::portable());
    assert_eq!(Engine::detect(), fastest);
    let names: Vec<_> = Engine::available().into_iter().map(Engine::name).collect();
    let expected: Vec<_> = [avx512, avx2, Some(Engine::portable())]
        .into_iter()
        .flatten()
        .map(Engine::name)
        .collect();
    assert_eq!(names, expected);
}

#[test]
fn dot_rows_is_x_times_wt_transposed_plus_bias_on_every_engine() {
    let mut rng = init::rng(1);
    for (m, k, n) in SHAPES {
        let (x, wt) = (random(&mut rng, m, k), random(&mut rng, n, k));
        let bias: Array1<f32> = random(&mut rng, 1, n).row(0).to_owned();
        let expected = x.dot(&wt.t()) + &bias; // the readable maths
        let x_columns = x.t().to_owned(); // x as a view with column strides: not row-major
        for engine in engines_to_test() {
            let mut out = Array2::from_elem((m, n), f32::NAN);
            dot_rows(engine, x.view(), wt.view(), bias.view(), out.view_mut()).unwrap();
            test_close(&out, &expected, 1e-4).unwrap();
            out.fill(f32::NAN);
            dot_rows(
                engine,
                x_columns.t(),
                wt.view(),
                bias.view(),
                out.view_mut(),
            )
            .unwrap();
            test_close(&out, &expected, 1e-4).unwrap();
        }
    }
}

#[test]
fn weighted_row_sums_are_a_scaled_transposed_product_on_every_engine() {
    let mut rng = init::rng(2);
    for (t, k, c) in SHAPES {
        let (coef, src) = (random(&mut rng, t, c), random(&mut rng, t, k));
        let start = random(&mut rng, c, k);
        let product = coef.t().dot(&src);
        let expected = &start * 0.5 - &product * 2.0;
        // the input-gradient case: coef as a transposed view (column strides)
        let coef_columns = coef.t().to_owned();
        for engine in engines_to_test() {
            let mut dst = start.clone();
            weighted_row_sums(
                engine,
                -2.0,
                coef.view(),
                src.view(),
                0.5,
                dst.view_mut(),
                None,
            )
            .unwrap();
            test_close(&dst, &expected, 1e-4).unwrap();
            let mut fresh = Array2::from_elem((c, k), f32::NAN);
            let coef_t = coef_columns.t();
            weighted_row_sums(engine, 1.0, coef_t, src.view(), 0.0, fresh.view_mut(), None)
                .unwrap();
            test_close(&fresh, &product, 1e-4).unwrap();
        }
    }
}

#[test]
fn skipping_zero_coefficients_gives_the_dense_maths_on_every_engine() {
    let mut rng = init::rng(3);
    let mut nonzeros = NonZeros::new();
    for (t, k, c) in SHAPES.into_iter().chain([(128, 784, 50), (50, 784, 128)]) {
        // about half the coefficients 0, as behind a ReLU; one column entirely 0
        let mut coef = random(&mut rng, t, c).mapv(|v| v.max(0.0));
        coef.column_mut(c / 2).fill(0.0);
        let (src, start) = (random(&mut rng, t, k), random(&mut rng, c, k));
        let expected = &start * 0.5 - &coef.t().dot(&src) * 2.0;
        let coef_columns = coef.t().to_owned();
        for engine in engines_to_test() {
            let mut dst = start.clone();
            let (a, b) = (coef.view(), src.view());
            weighted_row_sums(engine, -2.0, a, b, 0.5, dst.view_mut(), Some(&mut nonzeros))
                .unwrap();
            test_close(&dst, &expected, 1e-4).unwrap();
            // beta = 0 into a cache-line-aligned buffer: the streaming stores
            let mut fresh = crate::fast::cache_aligned_zeros((c, k));
            fresh.fill(f32::NAN);
            let a = coef_columns.t();
            weighted_row_sums(
                engine,
                1.0,
                a,
                b,
                0.0,
                fresh.view_mut(),
                Some(&mut nonzeros),
            )
            .unwrap();
            test_close(&fresh, &coef.t().dot(&src), 1e-4).unwrap();
        }
    }
}

#[test]
fn skipping_zeros_reads_coefficients_of_every_layout() {
    let mut rng = init::rng(4);
    let mut nonzeros = NonZeros::new();
    for (t, k, c) in SHAPES {
        // every other column of a wider matrix: neither row- nor column-major; one column all 0
        let mut wide = random(&mut rng, t, 2 * c).mapv(|v| v.max(0.0));
        wide.column_mut(0).fill(0.0);
        let strided = wide.slice(ndarray::s![.., ..;2]);
        let row_major = strided.to_owned();
        let column_major = row_major.t().to_owned();
        let src = random(&mut rng, t, k);
        let expected = row_major.t().dot(&src);
        for engine in engines_to_test() {
            for coef in [strided, row_major.view(), column_major.t()] {
                let mut dst = Array2::from_elem((c, k), f32::NAN);
                let skip = Some(&mut nonzeros);
                weighted_row_sums(engine, 1.0, coef, src.view(), 0.0, dst.view_mut(), skip)
                    .unwrap();
                test_close(&dst, &expected, 1e-4).unwrap();
            }
        }
    }
}

#[test]
fn skipping_zeros_gives_the_same_sums_wherever_src_starts_in_a_cache_line() {
    let mut rng = init::rng(5);
    let mut nonzeros = NonZeros::new();
    // k a multiple of 16 (every row as far into its line as the first), or not; k below the
    // columns before the first line boundary
    for (t, k, c) in [(64, 784, 50), (9, 32, 3), (7, 37, 13), (5, 3, 4)] {
        let mut coef = random(&mut rng, t, c).mapv(|v| v.max(0.0));
        coef.column_mut(0).fill(0.0);
        let values = random(&mut rng, t, k);
        let start = random(&mut rng, c, k);
        let expected = &start + &(coef.t().dot(&values) * 0.5);
        let mut buffer = crate::fast::cache_aligned_zeros((1, t * k + 16));
        for offset in [0, 1, 4, 15] {
            let storage = &mut buffer.as_slice_mut().unwrap()[offset..offset + t * k];
            storage.copy_from_slice(values.as_slice().unwrap());
            let src = ndarray::ArrayView2::from_shape((t, k), &*storage).unwrap();
            for engine in engines_to_test() {
                let mut dst = start.clone();
                let skip = Some(&mut nonzeros);
                weighted_row_sums(engine, 0.5, coef.view(), src, 1.0, dst.view_mut(), skip)
                    .unwrap();
                test_close(&dst, &expected, 1e-4).unwrap();
            }
        }
    }
}

/// Each SIMD engine and the portable one, output against output, on the MLP's shapes and on
/// odd ones (the tests above compare each with the readable maths).
#[test]
fn the_simd_engines_agree_with_the_portable_engine() {
    let portable = Engine::portable();
    for simd in engines_to_test().into_iter().filter(|&e| e != portable) {
        agrees_with_portable(simd);
    }
}

fn agrees_with_portable(simd: Engine) {
    let portable = Engine::portable();
    let mut rng = init::rng(4);
    let mut nonzeros = NonZeros::new();
    for (m, k, n) in SHAPES.into_iter().chain([(64, 50, 10), (130, 17, 33)]) {
        let (x, wt) = (random(&mut rng, m, k), random(&mut rng, n, k));
        let bias: Array1<f32> = random(&mut rng, 1, n).row(0).to_owned();
        let dots = [simd, portable].map(|engine| {
            let mut out = Array2::zeros((m, n));
            dot_rows(engine, x.view(), wt.view(), bias.view(), out.view_mut()).unwrap();
            out
        });
        test_close(&dots[0], &dots[1], 1e-5).unwrap();
        let coef = random(&mut rng, m, n).mapv(|v| v.max(0.0)); // (t, c) = (m, n)
        let (c, x) = (coef.view(), x.view());
        let sums = [simd, portable].map(|engine| {
            // dense, then skipping the zeros
            [None, Some(&mut nonzeros)].map(|skip_zeros| {
                let mut dst = Array2::ones((n, k));
                weighted_row_sums(engine, 0.5, c, x, 2.0, dst.view_mut(), skip_zeros).unwrap();
                dst
            })
        });
        test_close(&sums[0][0], &sums[1][0], 1e-5).unwrap();
        test_close(&sums[0][1], &sums[1][1], 1e-5).unwrap();
    }
}

#[test]
fn shapes_that_do_not_chain_are_errors_on_every_engine() {
    let (a, b) = (Array2::<f32>::zeros((2, 3)), Array2::<f32>::zeros((4, 5)));
    let mut out = Array2::<f32>::zeros((2, 4));
    let bias = Array1::<f32>::zeros(4);
    let mut nonzeros = NonZeros::new();
    for engine in engines_to_test() {
        assert!(dot_rows(engine, a.view(), b.view(), bias.view(), out.view_mut()).is_err());
        let wrong = weighted_row_sums(engine, 1.0, a.view(), b.view(), 0.0, out.view_mut(), None);
        assert!(wrong.is_err(), "2 coefficient rows for 4 source rows");
        let (coef, src) = (Array2::<f32>::zeros((3, 2)), Array2::<f32>::zeros((2, 4)));
        let (c, s, d) = (coef.view(), src.view(), out.view_mut());
        let wrong = weighted_row_sums(engine, 1.0, c, s, 0.0, d, Some(&mut nonzeros));
        assert!(wrong.is_err(), "3 coefficient rows for 2 source rows");
    }
}
