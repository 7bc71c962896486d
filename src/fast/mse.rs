//! The fast twin of [`forward_and_backward`](crate::backprop::forward_and_backward): the same
//! maths and the same results, computed a block of rows at a time.
//!
//! Every step of the 784-50-1 network works row by row except the parameter gradients, which
//! are sums over rows. So the rows can be cut into blocks of [`BLOCK_ROWS`]: for each block the
//! forward pass, the loss gradient, the hidden gradient and the input gradient are computed while
//! that block of `x` is still in the CPU cache, and the block's share is added to `w1.g`, `b1.g`,
//! `w2.g` and `b2.g`. `x` then travels from memory once instead of three times, and no
//! `(n, 50)` temporary is ever allocated. Both products with `l1.g` (`w1.g` and `x.g`) skip the
//! terms where `l1.g` is 0, the units the ReLU turned off: about half of them.

use ndarray::{Array1, Array2, s};

use super::kernels::Engine;
use super::two_layer::{TwoLayer, Weights};
use crate::backprop::{Grads, MlpParams};
use crate::error::{Error, Result};

/// Rows per block: 64 rows of 784 floats (200 KB) stay in a 1 MB L2 cache with the weights, and
/// a 128-column strip of them (32 KB) in L1 while `w1.g` is summed (measured: 64 rows take
/// 15% less time than 128).
pub const BLOCK_ROWS: usize = 64;

/// [`forward_and_backward`](crate::backprop::forward_and_backward) on `f32` with an MSE loss,
/// fused; its buffers are reused across calls so that repeated passes allocate nothing.
#[derive(Clone, Debug)]
pub struct FusedForwardBackward {
    work: TwoLayer,
    grads: Grads<f32>,
}

impl Default for FusedForwardBackward {
    fn default() -> Self {
        FusedForwardBackward::new()
    }
}

impl FusedForwardBackward {
    /// Empty buffers (they grow on the first call) and the fastest [`Engine`] of this CPU.
    pub fn new() -> Self {
        FusedForwardBackward::with_engine(Engine::detect())
    }

    /// The same with the kernels on `engine` (for tests and benchmarks).
    pub fn with_engine(engine: Engine) -> Self {
        let empty = || Array2::zeros((0, 0));
        let grads = Grads {
            x: empty(),
            w1: empty(),
            b1: Array1::zeros(0),
            w2: empty(),
            b2: Array1::zeros(0),
        };
        FusedForwardBackward {
            work: TwoLayer::new(engine),
            grads,
        }
    }

    /// The gradients of the last [`run`](Self::run).
    pub fn grads(&self) -> &Grads<f32> {
        &self.grads
    }

    /// Both passes of the network `lin(relu(lin(x, w1, b1)), w2, b2)` with an MSE loss against
    /// `y`; returns `loss = mean_i (out[i, 0] - y[i])²` and leaves every gradient in
    /// [`grads`](Self::grads). Same formulas as
    /// [`forward_and_backward`](crate::backprop::forward_and_backward).
    pub fn run(
        &mut self,
        x: &Array2<f32>,
        y: &Array1<f32>,
        params: &MlpParams<f32>,
    ) -> Result<f32> {
        let weights = Weights::from_params("FusedForwardBackward::run", params)?;
        check_shapes(x, y, &weights)?;
        let mut sums = weights.zeros_like();
        if self.grads.x.dim() != x.dim() {
            self.grads.x = super::cache_aligned_zeros(x.dim());
        }
        let n = x.nrows();
        let mut squared_error = 0.0f64;
        for start in (0..n).step_by(BLOCK_ROWS) {
            let end = (start + BLOCK_ROWS).min(n);
            let block = x.slice(s![start..end, ..]);
            let out = self.work.forward(&weights, block)?;
            let scale = 2.0 / n as f32;
            for (o, &target) in out.into_iter().zip(y.slice(s![start..end])) {
                let diff = *o - target;
                squared_error += f64::from(diff * diff);
                *o = scale * diff; // out.g = 2 (out - y) / n
            }
            self.work.backward_to_hidden(&weights)?;
            self.work.add_param_grads(block, 1.0, &mut sums)?;
            self.work
                .input_grad(&weights, self.grads.x.slice_mut(s![start..end, ..]))?;
        }
        let Weights { w1t, b1, w2t, b2 } = sums;
        self.grads.w1 = w1t.t().as_standard_layout().into_owned();
        self.grads.w2 = w2t.t().as_standard_layout().into_owned();
        (self.grads.b1, self.grads.b2) = (b1, b2);
        Ok((squared_error / n as f64) as f32) // mean_i (out - y)²
    }
}

/// The checks of the readable version: one output and one target per row of `x`.
fn check_shapes(x: &Array2<f32>, y: &Array1<f32>, w: &Weights) -> Result<()> {
    if x.ncols() != w.n_in() || w.n_out() != 1 || y.len() != x.nrows() || x.nrows() == 0 {
        return Err(Error::Shape(format!(
            "FusedForwardBackward::run: x {:?}, w1 ({}, h), w2 (h, {}) and {} targets; expected \
             x: (n, n_in) with n >= 1, w2: (h, 1) and one target per row",
            x.shape(),
            w.n_in(),
            w.n_out(),
            y.len()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backprop::forward_and_backward;
    use crate::fast::kernels::tests::engines_to_test;
    use crate::init;
    use crate::tensor::test_close;

    /// Seeded data for a `n_in`-`n_hidden`-1 network on `n` rows.
    fn problem(
        n: usize,
        n_in: usize,
        n_hidden: usize,
    ) -> (Array2<f32>, Array1<f32>, MlpParams<f32>) {
        let mut rng = init::rng(7);
        let x = init::uniform(&mut rng, n, n_in, 0.0, 1.0);
        let y = init::uniform::<f32>(&mut rng, 1, n, 0.0, 10.0)
            .row(0)
            .mapv(f32::floor);
        let mut params = MlpParams::init(n_in, n_hidden, 1, 3);
        params.b1 = init::uniform::<f32>(&mut rng, 1, n_hidden, -0.1, 0.1)
            .row(0)
            .to_owned();
        (x, y, params)
    }

    /// The share of hidden units that the ReLU lets through, `relu(x·w1 + b1) > 0`.
    fn active_share(x: &Array2<f32>, params: &MlpParams<f32>) -> f32 {
        let hidden = x.dot(&params.w1) + &params.b1; // x·w1 + b1
        hidden.iter().filter(|&&v| v > 0.0).count() as f32 / hidden.len() as f32
    }

    #[test]
    fn the_fused_pass_gives_the_readable_loss_and_gradients_on_every_engine() {
        // 300 rows: two full blocks and a partial one; 37 inputs and 13 hidden units hit the tails.
        // About half the units active, or (b1 lowered) few.
        let cases = [
            (300, 37, 13, 0.0, 0.4..0.6),
            (130, 784, 50, 0.0, 0.4..0.6),
            (130, 784, 50, -0.3, 0.0..0.35),
        ];
        for (n, n_in, n_hidden, b1_shift, share_range) in cases {
            let (x, y, mut params) = problem(n, n_in, n_hidden);
            params.b1 += b1_shift;
            let share = active_share(&x, &params);
            assert!(
                share_range.contains(&share),
                "{n_in} inputs: active share {share}"
            );
            let (loss, expected) = forward_and_backward(&x, &y, &params).unwrap();
            for engine in engines_to_test() {
                let mut work = FusedForwardBackward::with_engine(engine);
                for _ in 0..2 {
                    // twice: the second call must not keep anything from the first
                    let fused_loss = work.run(&x, &y, &params).unwrap();
                    assert!(
                        (fused_loss - loss).abs() <= 1e-5 * loss.abs(),
                        "{}: {fused_loss} vs {loss}",
                        engine.name()
                    );
                    let g = work.grads();
                    test_close(&g.x, &expected.x, 1e-5).unwrap();
                    test_close(&g.w1, &expected.w1, 1e-4).unwrap();
                    test_close(&g.b1, &expected.b1, 1e-5).unwrap();
                    test_close(&g.w2, &expected.w2, 1e-4).unwrap();
                    test_close(&g.b2, &expected.b2, 1e-5).unwrap();
                }
            }
        }
    }

    #[test]
    fn bad_shapes_are_errors_not_panics() {
        let (x, y, params) = problem(10, 5, 4);
        let mut work = FusedForwardBackward::new();
        let short = y.slice(s![..9]).to_owned();
        assert!(work.run(&x, &short, &params).is_err());
        let mut two_outputs = params.clone();
        two_outputs.w2 = Array2::zeros((4, 2));
        two_outputs.b2 = Array1::zeros(2);
        assert!(work.run(&x, &y, &two_outputs).is_err());
        assert!(
            work.run(&x.slice(s![.., ..4]).to_owned(), &y, &params)
                .is_err()
        );
        let mut unchained = params.clone();
        unchained.b1 = Array1::zeros(3);
        assert!(work.run(&x, &y, &unchained).is_err());
    }
}
