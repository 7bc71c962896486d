//! What both fast networks share: the `Lin → Relu → Lin` network on `f32` with its weights
//! stored transposed, its per-block buffers, and the steps of its forward and backward passes.
//! The heads ([`FusedForwardBackward`](super::FusedForwardBackward) with MSE,
//! [`FastMlp`](super::FastMlp) with cross-entropy and SGD) only add their loss and decide where
//! the parameter gradients go.

use ndarray::{Array1, Array2, ArrayView2, ArrayViewMut2, s};

use super::kernels::{Engine, NonZeros, dot_rows, weighted_row_sums};
use crate::backprop::MlpParams;
use crate::error::{Result, shape_error};

/// The four parameters with the weights transposed, one row per unit (PyTorch's layout), as the
/// kernels read them. Also used for sums of gradients, which have the same shapes.
#[derive(Debug)]
pub(super) struct Weights {
    /// `w1ᵀ`, `(n_hidden, n_in)`, starting at a cache line ([`cache_aligned_copy`]).
    pub w1t: Array2<f32>,
    pub b1: Array1<f32>,
    /// `w2ᵀ`, `(n_out, n_hidden)`.
    pub w2t: Array2<f32>,
    pub b2: Array1<f32>,
}

impl Weights {
    /// `p` transposed, after checking that its layers chain (`op` names the caller in errors).
    pub fn from_params(op: &str, p: &MlpParams<f32>) -> Result<Self> {
        if p.b1.len() != p.w1.ncols() || p.w2.nrows() != p.w1.ncols() || p.b2.len() != p.w2.ncols()
        {
            let expected = "w1: (n_in, h), b1: (h,), w2: (h, n_out), b2: (n_out,)";
            return Err(shape_error(op, p.w1.shape(), p.w2.shape(), expected));
        }
        Ok(Weights {
            w1t: cache_aligned_copy(p.w1.t()),
            b1: p.b1.clone(),
            w2t: p.w2.t().as_standard_layout().into_owned(),
            b2: p.b2.clone(),
        })
    }

    /// Back in the chapter's layout: `w1: (n_in, n_hidden)`, `w2: (n_hidden, n_out)`.
    pub fn to_params(&self) -> MlpParams<f32> {
        MlpParams {
            w1: self.w1t.t().as_standard_layout().into_owned(),
            b1: self.b1.clone(),
            w2: self.w2t.t().as_standard_layout().into_owned(),
            b2: self.b2.clone(),
        }
    }

    /// Zeros of the same shapes, to sum gradients into.
    pub fn zeros_like(&self) -> Self {
        Weights {
            w1t: super::cache_aligned_zeros(self.w1t.dim()),
            b1: Array1::zeros(self.b1.len()),
            w2t: Array2::zeros(self.w2t.dim()),
            b2: Array1::zeros(self.b2.len()),
        }
    }

    pub fn n_in(&self) -> usize {
        self.w1t.ncols()
    }

    pub fn n_out(&self) -> usize {
        self.w2t.nrows()
    }
}

/// A copy keeps `w1ᵀ` on a cache line (a derived `Clone` would copy the buffer to wherever the
/// allocator puts it).
impl Clone for Weights {
    fn clone(&self) -> Self {
        Weights {
            w1t: cache_aligned_copy(self.w1t.view()),
            b1: self.b1.clone(),
            w2t: self.w2t.clone(),
            b2: self.b2.clone(),
        }
    }
}

/// `a` in row-major storage whose first element starts a 64-byte cache line. With 784 inputs
/// every row of `w1ᵀ` then does, so the sparse sums of `x.g`, which load one register per
/// multiply-add, never load a register that straddles two lines (measured: `x.g` per 50,000
/// rows 42–46 -> 32–34 ms, AVX-512, half the coefficients 0).
fn cache_aligned_copy(a: ArrayView2<'_, f32>) -> Array2<f32> {
    let mut copy = super::cache_aligned_zeros(a.dim());
    copy.assign(&a);
    copy
}

/// The buffers of one block of rows and the steps that fill them, in the order they run:
/// [`forward`](Self::forward), the head turns `out` into `out.g`,
/// [`backward_to_hidden`](Self::backward_to_hidden), then
/// [`add_param_grads`](Self::add_param_grads) and, if wanted, [`input_grad`](Self::input_grad).
#[derive(Clone, Debug)]
pub(super) struct TwoLayer {
    engine: Engine,
    /// `h = relu(x·w1 + b1)`, `(rows, n_hidden)`.
    hidden: Array2<f32>,
    /// `h.g`, the gradient behind the ReLU.
    hidden_grad: Array2<f32>,
    /// `out = h·w2 + b2`, then `out.g` (written by the head).
    out: Array2<f32>,
    /// The nonzero entries of `h.g`, gathered for each product that uses them.
    nonzeros: NonZeros,
    /// Rows of the current block.
    rows: usize,
}

impl TwoLayer {
    /// Empty buffers (they grow to the largest block) on `engine`.
    pub fn new(engine: Engine) -> Self {
        TwoLayer {
            engine,
            hidden: Array2::zeros((0, 0)),
            hidden_grad: Array2::zeros((0, 0)),
            out: Array2::zeros((0, 0)),
            nonzeros: NonZeros::new(),
            rows: 0,
        }
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    pub fn set_engine(&mut self, engine: Engine) {
        self.engine = engine;
    }

    /// The forward pass on the block `x`: `h = relu(x·w1 + b1)`, `out = h·w2 + b2`. Returns
    /// `out` for the head to turn into `out.g` in place. Allocates only for a block larger than
    /// any before.
    pub fn forward(
        &mut self,
        w: &Weights,
        x: ArrayView2<'_, f32>,
    ) -> Result<ArrayViewMut2<'_, f32>> {
        let (rows, n_hidden, n_out) = (x.nrows(), w.w1t.nrows(), w.n_out());
        if self.hidden.nrows() < rows
            || self.hidden.ncols() != n_hidden
            || self.out.ncols() != n_out
        {
            let most = rows.max(self.hidden.nrows());
            self.hidden = Array2::zeros((most, n_hidden));
            self.hidden_grad = Array2::zeros((most, n_hidden));
            self.out = Array2::zeros((most, n_out));
        }
        self.rows = rows;
        let mut hidden = self.hidden.slice_mut(s![..rows, ..]);
        dot_rows(self.engine, x, w.w1t.view(), w.b1.view(), hidden.view_mut())?; // x·w1 + b1
        hidden.mapv_inplace(|v| v.max(0.0)); // h = relu(x·w1 + b1)
        let mut out = self.out.slice_mut(s![..rows, ..]);
        dot_rows(
            self.engine,
            hidden.view(),
            w.w2t.view(),
            w.b2.view(),
            out.view_mut(),
        )?; // h·w2 + b2
        Ok(out)
    }

    /// `h.g = (out.g·w2ᵀ) · (h > 0)`, from the `out.g` the head left in `out`; `w` must still
    /// hold the weights of the forward pass.
    pub fn backward_to_hidden(&mut self, w: &Weights) -> Result<()> {
        let rows = self.rows;
        let (out, hidden) = (
            self.out.slice(s![..rows, ..]),
            self.hidden.slice(s![..rows, ..]),
        );
        let mut hidden_grad = self.hidden_grad.slice_mut(s![..rows, ..]);
        let e = self.engine;
        weighted_row_sums(
            e,
            1.0,
            out.t(),
            w.w2t.view(),
            0.0,
            hidden_grad.view_mut(),
            None,
        )?; // out.g·w2ᵀ
        // a select, not a branch: h > 0 for about half the entries, at random (measured: the
        // branch's mispredictions took 5% of the fused pass)
        hidden_grad.zip_mut_with(&hidden, |g, &h| {
            *g = if h > 0.0 { *g } else { 0.0 }; // h.g = out.g·w2ᵀ · (h > 0)
        });
        Ok(())
    }

    /// Adds `alpha` times the block's parameter gradients to `into`: with `alpha = 1` into sums
    /// of gradients, with `alpha = -lr` into the weights themselves (an SGD step, so the
    /// gradients are never stored). `x` is the block the forward pass saw. The `w1` product
    /// skips the rows of `x` whose `h.g` is 0: the units the ReLU turned off.
    pub fn add_param_grads(
        &mut self,
        x: ArrayView2<'_, f32>,
        alpha: f32,
        into: &mut Weights,
    ) -> Result<()> {
        let rows = self.rows;
        let (out, hidden) = (
            self.out.slice(s![..rows, ..]),
            self.hidden.slice(s![..rows, ..]),
        );
        let hidden_grad = self.hidden_grad.slice(s![..rows, ..]);
        let e = self.engine;
        weighted_row_sums(e, alpha, out, hidden, 1.0, into.w2t.view_mut(), None)?; // w2 += α·hᵀ·out.g
        for g in out.rows() {
            into.b2.scaled_add(alpha, &g); // b2 += α·Σ_rows out.g
        }
        let (w1t, nonzeros) = (into.w1t.view_mut(), &mut self.nonzeros);
        weighted_row_sums(e, alpha, hidden_grad, x, 1.0, w1t, Some(nonzeros))?; // w1 += α·xᵀ·h.g
        for g in hidden_grad.rows() {
            into.b1.scaled_add(alpha, &g); // b1 += α·Σ_rows h.g
        }
        Ok(())
    }

    /// `x.g = h.g·w1ᵀ` for the block, written into `x_grad` (only written, never read).
    pub fn input_grad(&mut self, w: &Weights, x_grad: ArrayViewMut2<'_, f32>) -> Result<()> {
        let hidden_grad = self.hidden_grad.slice(s![..self.rows, ..]);
        let (e, nonzeros) = (self.engine, &mut self.nonzeros);
        let w1t = w.w1t.view();
        weighted_row_sums(e, 1.0, hidden_grad.t(), w1t, 0.0, x_grad, Some(nonzeros)) // x.g = h.g·w1ᵀ
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn w1t_starts_a_cache_line_when_made_cloned_or_zeroed() {
        let weights = Weights::from_params("test", &MlpParams::init(784, 50, 10, 1)).unwrap();
        let copies = [weights.clone(), weights.zeros_like()];
        for w in [&weights, &copies[0], &copies[1]] {
            assert_eq!(w.w1t.as_ptr() as usize % 64, 0);
        }
        assert_eq!(weights.clone().to_params(), weights.to_params());
    }
}
