//! The fast path of [`forward_and_backward`](super::forward_and_backward): the same maths and the
//! same results, computed a block of rows at a time with the [`kernels`](super::kernels).
//!
//! Every step of the 784-50-1 network works row by row except the parameter gradients, which
//! are sums over rows. So the rows can be cut into blocks of [`BLOCK_ROWS`]: for each block the
//! forward pass, the loss gradient, the hidden gradient and the input gradient are computed while
//! that block of `x` is still in the CPU cache, and the block's share is added to `w1.g`, `b1.g`,
//! `w2.g` and `b2.g`. `x` then travels from memory once instead of three times, and no
//! `(n, 50)` temporary is ever allocated. Both products with `l1.g` (`w1.g` and `x.g`) skip the
//! terms where `l1.g` is 0, the units the ReLU turned off: about half of them.

use ndarray::{Array1, Array2, ArrayView2, Axis, s};

use super::functional::{Grads, Params};
use super::kernels::{Engine, NonZeros, dot_rows, sparse_weighted_row_sums, weighted_row_sums};
use crate::error::{Error, Result, shape_error};

/// Rows per block: 64 rows of 784 floats (200 KB) stay in a 1 MB L2 cache with the weights, and
/// a 128-column strip of them (32 KB) in L1 while `w1.g` is summed (measured: 64 rows take
/// 15% less time than 128).
pub const BLOCK_ROWS: usize = 64;

/// Buffers for [`forward_and_backward`](super::forward_and_backward) on `f32`, reused across
/// calls so that repeated passes allocate nothing.
#[derive(Clone, Debug)]
pub struct FusedForwardBackward {
    engine: Engine,
    /// `w1ᵀ`, `(n_hidden, n_in)`: one row per hidden unit, as the kernels want it.
    w1t: Array2<f32>,
    /// `w2ᵀ`, `(n_out, n_hidden)`.
    w2t: Array2<f32>,
    /// `l1`, then `l2 = relu(l1)`, for one block, `(BLOCK_ROWS, n_hidden)`.
    hidden: Array2<f32>,
    /// `out`, then `out.g`, for one block, `(BLOCK_ROWS, n_out)`.
    out: Array2<f32>,
    /// `l2.g`, then `l1.g`, for one block.
    hidden_grad: Array2<f32>,
    /// `w1.gᵀ` and `w2.gᵀ`, accumulated over the blocks.
    w1_grad_t: Array2<f32>,
    w2_grad_t: Array2<f32>,
    grads: Grads<f32>,
    /// The nonzero entries of `l1.g`, gathered for each product that uses them.
    nonzeros: NonZeros,
}

impl Default for FusedForwardBackward {
    fn default() -> Self {
        FusedForwardBackward::new()
    }
}

impl FusedForwardBackward {
    /// Empty buffers (they grow on the first call) and the fastest [`Engine`] of this CPU.
    pub fn new() -> Self {
        let empty = || Array2::zeros((0, 0));
        FusedForwardBackward {
            engine: Engine::detect(),
            w1t: empty(),
            w2t: empty(),
            hidden: empty(),
            out: empty(),
            hidden_grad: empty(),
            w1_grad_t: empty(),
            w2_grad_t: empty(),
            grads: Grads {
                x: empty(),
                w1: empty(),
                b1: Array1::zeros(0),
                w2: empty(),
                b2: Array1::zeros(0),
            },
            nonzeros: NonZeros::new(),
        }
    }

    /// The same buffers, with the kernels forced to `engine` (for tests and benchmarks).
    pub fn with_engine(engine: Engine) -> Self {
        FusedForwardBackward {
            engine,
            ..FusedForwardBackward::new()
        }
    }

    /// The gradients of the last [`run`](Self::run).
    pub fn grads(&self) -> &Grads<f32> {
        &self.grads
    }

    /// Both passes of the network `lin(relu(lin(x, w1, b1)), w2, b2)` with an MSE loss against
    /// `y`; returns `loss = mean_i (out[i, 0] - y[i])²` and leaves every gradient in
    /// [`grads`](Self::grads). Same formulas as [`forward_and_backward`](super::forward_and_backward).
    pub fn run(&mut self, x: &Array2<f32>, y: &Array1<f32>, params: &Params<f32>) -> Result<f32> {
        check_shapes(x, y, params)?;
        self.prepare(x, params);
        let n = x.nrows();
        let mut squared_error = 0.0f64;
        for start in (0..n).step_by(BLOCK_ROWS) {
            let end = (start + BLOCK_ROWS).min(n);
            squared_error += self.block(
                x.slice(s![start..end, ..]),
                y.slice(s![start..end]),
                n,
                params,
            )?;
            self.input_grad(start, end)?;
        }
        self.grads.w1.assign(&self.w1_grad_t.t());
        self.grads.w2.assign(&self.w2_grad_t.t());
        Ok((squared_error / n as f64) as f32) // mean_i (out - y)²
    }

    /// Transposes the weights, sizes every buffer and zeroes the accumulated gradients.
    fn prepare(&mut self, x: &Array2<f32>, params: &Params<f32>) {
        let (n_in, n_hidden, n_out) = (params.w1.nrows(), params.w1.ncols(), params.w2.ncols());
        self.w1t = params.w1.t().as_standard_layout().into_owned();
        self.w2t = params.w2.t().as_standard_layout().into_owned();
        let resize = |a: &mut Array2<f32>, shape: (usize, usize)| {
            if a.dim() != shape {
                *a = Array2::zeros(shape);
            }
        };
        resize(&mut self.hidden, (BLOCK_ROWS, n_hidden));
        resize(&mut self.hidden_grad, (BLOCK_ROWS, n_hidden));
        resize(&mut self.out, (BLOCK_ROWS, n_out));
        resize(&mut self.w1_grad_t, (n_hidden, n_in));
        resize(&mut self.w2_grad_t, (n_out, n_hidden));
        if self.grads.x.dim() != x.dim() {
            self.grads.x = cache_aligned_zeros(x.dim());
        }
        resize(&mut self.grads.w1, (n_in, n_hidden));
        resize(&mut self.grads.w2, (n_hidden, n_out));
        self.w1_grad_t.fill(0.0);
        self.w2_grad_t.fill(0.0);
        self.grads.b1 = Array1::zeros(n_hidden);
        self.grads.b2 = Array1::zeros(n_out);
    }

    /// Forward and backward for one block of rows (all but the input gradient); returns the
    /// block's `Σ (out - y)²`. `n` is the number of rows of the whole batch.
    fn block(
        &mut self,
        x: ArrayView2<'_, f32>,
        y: ndarray::ArrayView1<'_, f32>,
        n: usize,
        p: &Params<f32>,
    ) -> Result<f64> {
        let rows = x.nrows();
        let mut hidden = self.hidden.slice_mut(s![..rows, ..]);
        let mut out = self.out.slice_mut(s![..rows, ..]);
        let mut hidden_grad = self.hidden_grad.slice_mut(s![..rows, ..]);
        dot_rows(
            self.engine,
            x,
            self.w1t.view(),
            p.b1.view(),
            hidden.view_mut(),
        )?; // l1 = x·w1 + b1
        hidden.mapv_inplace(|v| v.max(0.0)); // l2 = relu(l1)
        dot_rows(
            self.engine,
            hidden.view(),
            self.w2t.view(),
            p.b2.view(),
            out.view_mut(),
        )?; // out = l2·w2 + b2
        let mut squared_error = 0.0f64;
        let scale = 2.0 / n as f32;
        for (o, &target) in out.column_mut(0).iter_mut().zip(y) {
            let diff = *o - target;
            squared_error += f64::from(diff * diff);
            *o = scale * diff; // out.g = 2 (out - y) / n
        }
        weighted_row_sums(
            self.engine,
            1.0,
            out.t(),
            self.w2t.view(),
            0.0,
            hidden_grad.view_mut(),
        )?; // l2.g = out.g·w2ᵀ
        weighted_row_sums(
            self.engine,
            1.0,
            out.view(),
            hidden.view(),
            1.0,
            self.w2_grad_t.view_mut(),
        )?; // w2.g += l2ᵀ·out.g
        self.grads.b2 += &out.sum_axis(Axis(0)); // b2.g += Σ_rows out.g
        hidden_grad.zip_mut_with(&hidden, |g, &h| {
            if h <= 0.0 {
                *g = 0.0; // l1.g = l2.g · (l1 > 0)
            }
        });
        sparse_weighted_row_sums(
            self.engine,
            1.0,
            hidden_grad.view(),
            x,
            1.0,
            self.w1_grad_t.view_mut(),
            &mut self.nonzeros,
        )?; // w1.g += xᵀ·l1.g
        self.grads.b1 += &hidden_grad.sum_axis(Axis(0)); // b1.g += Σ_rows l1.g
        Ok(squared_error)
    }

    /// `x.g = l1.g·w1ᵀ` for rows `start..end`, from the block's `l1.g` still in `hidden_grad`.
    fn input_grad(&mut self, start: usize, end: usize) -> Result<()> {
        let hidden_grad = self.hidden_grad.slice(s![..end - start, ..]);
        let x_grad = self.grads.x.slice_mut(s![start..end, ..]);
        sparse_weighted_row_sums(
            self.engine,
            1.0,
            hidden_grad.t(),
            self.w1t.view(),
            0.0,
            x_grad,
            &mut self.nonzeros,
        ) // x.g = l1.g·w1ᵀ
    }
}

/// Zeros of `shape` whose first element starts a 64-byte cache line. With 784 columns (49 lines)
/// every row then does, and the kernel writes `x.g`, 157 MB that this pass never reads back,
/// with streaming stores that skip the cache (measured: 35% less time per block).
fn cache_aligned_zeros((rows, cols): (usize, usize)) -> Array2<f32> {
    const FLOATS_PER_LINE: usize = 16;
    let len = rows * cols;
    let buffer = vec![0.0f32; len + FLOATS_PER_LINE - 1];
    let skip = buffer.as_ptr().align_offset(64).min(FLOATS_PER_LINE - 1);
    let aligned = Array1::from_vec(buffer).slice_move(s![skip..skip + len]);
    aligned
        .into_shape_with_order((rows, cols))
        .unwrap_or_else(|_| Array2::zeros((rows, cols))) // never taken: len = rows·cols
}

/// The checks of the readable version: the layers chain, `w2` has one output and `y` one entry
/// per row.
fn check_shapes(x: &Array2<f32>, y: &Array1<f32>, p: &Params<f32>) -> Result<()> {
    if x.ncols() != p.w1.nrows() || p.b1.len() != p.w1.ncols() {
        return Err(shape_error(
            "forward_and_backward_fused",
            x.shape(),
            p.w1.shape(),
            "x: (n, k), w1: (k, h), b1: (h,)",
        ));
    }
    if p.w2.nrows() != p.w1.ncols() || p.b2.len() != p.w2.ncols() || p.w2.ncols() != 1 {
        return Err(shape_error(
            "forward_and_backward_fused",
            p.w1.shape(),
            p.w2.shape(),
            "w1: (k, h), w2: (h, 1), b2: (1,)",
        ));
    }
    if y.len() != x.nrows() || x.nrows() == 0 {
        return Err(Error::Shape(format!(
            "forward_and_backward_fused: {} rows of x and {} targets; expected one target per row and at least one row",
            x.nrows(),
            y.len()
        )));
    }
    Ok(())
}

/// One call of [`FusedForwardBackward::run`] with fresh buffers: returns the loss and the
/// gradients, like [`forward_and_backward`](super::forward_and_backward) for `f32`.
pub fn forward_and_backward_fused(
    x: &Array2<f32>,
    y: &Array1<f32>,
    params: &Params<f32>,
) -> Result<(f32, Grads<f32>)> {
    let mut work = FusedForwardBackward::new();
    let loss = work.run(x, y, params)?;
    Ok((loss, work.grads))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backprop::forward_and_backward;
    use crate::init;
    use crate::tensor::test_close;

    /// Seeded data for a `n_in`-`n_hidden`-1 network on `n` rows.
    fn problem(n: usize, n_in: usize, n_hidden: usize) -> (Array2<f32>, Array1<f32>, Params<f32>) {
        let mut rng = init::rng(7);
        let x = init::uniform(&mut rng, n, n_in, 0.0, 1.0);
        let y = init::uniform::<f32>(&mut rng, 1, n, 0.0, 10.0)
            .row(0)
            .mapv(f32::floor);
        let mut params = Params::init(n_in, n_hidden, 1, 3);
        params.b1 = init::uniform::<f32>(&mut rng, 1, n_hidden, -0.1, 0.1)
            .row(0)
            .to_owned();
        (x, y, params)
    }

    #[test]
    fn the_fused_pass_gives_the_readable_loss_and_gradients_on_every_engine() {
        // 300 rows: two full blocks and a partial one; 37 inputs and 13 hidden units hit the tails
        for (n, n_in, n_hidden) in [(300, 37, 13), (130, 784, 50)] {
            let (x, y, params) = problem(n, n_in, n_hidden);
            let (loss, expected) = forward_and_backward(&x, &y, &params).unwrap();
            for engine in [Engine::detect(), Engine::Portable] {
                let mut work = FusedForwardBackward::with_engine(engine);
                for _ in 0..2 {
                    // twice: the second call must not keep anything from the first
                    let fused_loss = work.run(&x, &y, &params).unwrap();
                    assert!(
                        (fused_loss - loss).abs() <= 1e-5 * loss.abs(),
                        "{fused_loss} vs {loss}"
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
        let short = y.slice(s![..9]).to_owned();
        assert!(forward_and_backward_fused(&x, &short, &params).is_err());
        let mut two_outputs = params.clone();
        two_outputs.w2 = Array2::zeros((4, 2));
        two_outputs.b2 = Array1::zeros(2);
        assert!(forward_and_backward_fused(&x, &y, &two_outputs).is_err());
        assert!(forward_and_backward_fused(&x.slice(s![.., ..4]).to_owned(), &y, &params).is_err());
    }
}
