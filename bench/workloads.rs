//! The chapter's benchmark workloads, built the way the peer scripts in `../shared/peers` build
//! theirs (same shapes, batch size, learning rate, init and data distributions; our own seeded
//! generator). A module of both benchmark programs beside it: `criterion.rs` (criterion) and
//! `peer_workloads.rs` (the side-by-side comparison).

use foundations::backprop::MlpParams;
use foundations::fast::FastMlp;
use foundations::fast::kernels::{Engine, dot_rows};
use foundations::init;
use foundations::{Error, Result};
use ndarray::{Array1, Array2};

/// Rows of the training set and of the large products (MNIST's training split).
pub const ROWS: usize = 50_000;
/// Pixels per image.
pub const N_IN: usize = 784;
/// Hidden units.
pub const N_HIDDEN: usize = 50;
/// Classes.
pub const N_CLASSES: usize = 10;
/// The chapter's batch size and learning rate.
pub const BATCH_SIZE: usize = 64;
pub const LR: f32 = 0.5;

/// `x ~ U[0, 1)` of shape `(rows, cols)` and labels uniform in `0..classes` (train_numpy.py's data).
pub fn classification_data(
    rows: usize,
    cols: usize,
    classes: usize,
    seed: u64,
) -> (Array2<f32>, Vec<usize>) {
    let mut rng = init::rng(seed);
    let x = init::uniform(&mut rng, rows, cols, 0.0, 1.0);
    let y = init::uniform::<f64>(&mut rng, 1, rows, 0.0, classes as f64)
        .iter()
        .map(|&v| v as usize)
        .collect();
    (x, y)
}

/// The 784-50-10 network with `nn.Linear`'s init, `U[-1/sqrt(fan_in), 1/sqrt(fan_in)]`.
pub fn chapter_mlp(seed: u64) -> Result<FastMlp> {
    FastMlp::new(&[N_IN, N_HIDDEN, N_CLASSES], seed)
}

/// fwd_bwd.py's problem: `x ~ U[0, 1)` `(50000, 784)`, integer targets 0..9 as floats,
/// `w ~ N(0, 1)/sqrt(fan_in)` and zero biases for 784-50-1.
pub fn regression_problem(seed: u64) -> (Array2<f32>, Array1<f32>, MlpParams<f32>) {
    let mut rng = init::rng(seed);
    let x = init::uniform(&mut rng, ROWS, N_IN, 0.0, 1.0);
    let y = init::uniform::<f32>(&mut rng, 1, ROWS, 0.0, 10.0)
        .row(0)
        .mapv(f32::floor);
    let params = MlpParams {
        w1: init::randn::<f32>(&mut rng, N_IN, N_HIDDEN) / (N_IN as f32).sqrt(),
        b1: Array1::zeros(N_HIDDEN),
        w2: init::randn::<f32>(&mut rng, N_HIDDEN, 1) / (N_HIDDEN as f32).sqrt(),
        b2: Array1::zeros(1),
    };
    (x, y, params)
}

/// matmul.py's operands: `a ~ U[0, 1)` `(rows, inner)` and `b ~ N(0, 1)` `(inner, cols)`.
pub fn matmul_operands(
    rows: usize,
    inner: usize,
    cols: usize,
    seed: u64,
) -> (Array2<f32>, Array2<f32>) {
    let mut rng = init::rng(seed);
    (
        init::uniform(&mut rng, rows, inner, 0.0, 1.0),
        init::randn(&mut rng, inner, cols),
    )
}

/// `a·b` with the dot-product kernel on `engine`: `b` is transposed first (that copy is part of
/// the cost).
pub fn fast_matmul(engine: Engine, a: &Array2<f32>, b: &Array2<f32>) -> Result<Array2<f32>> {
    if a.ncols() != b.nrows() {
        return Err(Error::Shape(format!(
            "fast_matmul: {:?} · {:?}",
            a.shape(),
            b.shape()
        )));
    }
    let bt = b.t().as_standard_layout().into_owned();
    let mut out = Array2::zeros((a.nrows(), b.ncols()));
    dot_rows(
        engine,
        a.view(),
        bt.view(),
        Array1::zeros(b.ncols()).view(),
        out.view_mut(),
    )?;
    Ok(out)
}
