//! Criterion benchmarks of the chapter's workloads (single thread; see bench/README.md):
//!
//! ```text
//! taskset -c 0 cargo bench --bench workloads            # everything
//! taskset -c 0 cargo bench --bench workloads -- epoch   # one group
//! ```
//!
//! `bench/compare.sh` runs the same workloads next to the numpy and JAX peers and prints ratios.

mod workloads;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use foundations::backprop::forward_and_backward;
use foundations::broadcast::matmul_broadcast;
use foundations::data::{load_mnist, locate};
use foundations::einsum::einsum;
use foundations::fast::FusedForwardBackward;
use foundations::fast::kernels::{Engine, dot_rows, weighted_row_sums};
use foundations::matmul_loops::{matmul_dot, matmul_loops, matmul_rowcol};
use foundations::training::{fit_basic, mlp};
use ndarray::{Array1, Array2};
use workloads::*;

fn epoch(c: &mut Criterion) {
    let (x, y) = classification_data(ROWS, N_IN, N_CLASSES, 0);
    let start = chapter_mlp(1).expect("the chapter's network");
    let mut group = c.benchmark_group("epoch_784_50_10_bs64");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3));
    group.bench_function("fast_mlp", |b| {
        b.iter_batched(
            || start.clone(),
            |mut m| m.fit_epoch(&x, &y, BATCH_SIZE, LR).unwrap(),
            criterion::BatchSize::LargeInput,
        )
    });
    group.bench_function("readable_fit_basic", |b| {
        b.iter_batched(
            || mlp(&[N_IN, N_HIDDEN, N_CLASSES], 1).unwrap(),
            |mut m| fit_basic(&mut m, &x, &y, 1, BATCH_SIZE, LR).unwrap(),
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn forward(c: &mut Criterion) {
    let (x, w) = matmul_operands(ROWS, N_IN, N_HIDDEN, 0);
    let mut group = c.benchmark_group("forward_50000x784x50");
    group.sample_size(10);
    group.bench_function("fast_kernel", |b| {
        b.iter(|| fast_matmul(Engine::detect(), black_box(&x), &w).unwrap())
    });
    group.bench_function("ndarray_dot", |b| {
        b.iter(|| matmul_dot(black_box(&x), &w).unwrap())
    });
    group.finish();
}

fn fwd_bwd(c: &mut Criterion) {
    let (x, y, params) = regression_problem(0);
    let mut work = FusedForwardBackward::new();
    let mut group = c.benchmark_group("fwd_bwd_784_50_1_mse_n50000");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(4));
    group.bench_function("fused", |b| {
        b.iter(|| work.run(black_box(&x), &y, &params).unwrap())
    });
    group.bench_function("readable", |b| {
        b.iter(|| forward_and_backward(black_box(&x), &y, &params).unwrap())
    });
    group.finish();
}

fn load(c: &mut Criterion) {
    let Ok(path) = locate("fashion_mnist.pkl.gz") else {
        eprintln!("load: fashion_mnist.pkl.gz not found (set FOUNDATIONS_DATA); group not run");
        return;
    };
    let mut group = c.benchmark_group("load");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(6));
    group.bench_function("fashion_mnist_pkl_gz", |b| {
        b.iter(|| load_mnist(&path).unwrap())
    });
    group.finish();
}

fn matmul_small(c: &mut Criterion) {
    let (a, b) = matmul_operands(5, N_IN, 10, 1);
    let (av, bv) = (a.view().into_dyn(), b.view().into_dyn());
    let mut group = c.benchmark_group("matmul_5x784x10");
    group.bench_function("loops", |z| {
        z.iter(|| matmul_loops(black_box(&a), &b).unwrap())
    });
    group.bench_function("rowcol", |z| {
        z.iter(|| matmul_rowcol(black_box(&a), &b).unwrap())
    });
    group.bench_function("broadcast", |z| {
        z.iter(|| matmul_broadcast(black_box(&a), &b).unwrap())
    });
    group.bench_function("einsum", |z| {
        z.iter(|| einsum("ik,kj->ij", &[black_box(av.clone()), bv.clone()]).unwrap())
    });
    group.bench_function("dot", |z| z.iter(|| matmul_dot(black_box(&a), &b).unwrap()));
    group.bench_function("fast_kernel", |z| {
        z.iter(|| fast_matmul(Engine::detect(), black_box(&a), &b).unwrap())
    });
    group.finish();
}

/// The two kernels on the training step's shapes, on each engine: the evidence for the engine.
fn engines(c: &mut Criterion) {
    let (x, y) = matmul_operands(BATCH_SIZE, N_IN, N_HIDDEN, 2);
    let wt = y.t().as_standard_layout().into_owned(); // (50, 784)
    let g = matmul_operands(BATCH_SIZE, N_HIDDEN, 1, 3).0; // (64, 50)
    let bias = Array1::zeros(N_HIDDEN);
    let mut group = c.benchmark_group("kernels_64x784x50");
    for engine in Engine::available() {
        let mut out = Array2::zeros((BATCH_SIZE, N_HIDDEN));
        group.bench_function(format!("forward_{}", engine.name()), |b| {
            b.iter(|| {
                dot_rows(
                    engine,
                    black_box(x.view()),
                    wt.view(),
                    bias.view(),
                    out.view_mut(),
                )
                .unwrap()
            })
        });
        let mut w = wt.clone();
        group.bench_function(format!("weight_update_{}", engine.name()), |b| {
            b.iter(|| {
                weighted_row_sums(
                    engine,
                    -1e-6,
                    black_box(g.view()),
                    x.view(),
                    1.0,
                    w.view_mut(),
                    None,
                )
                .unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    epoch,
    forward,
    fwd_bwd,
    load,
    matmul_small,
    engines
);
criterion_main!(benches);
