//! The fast path of the training loop: one `Lin → Relu → Lin` network trained with SGD on
//! cross-entropy, with no allocation per batch and the steps fused where the maths allows.
//!
//! [`FastMlp`] computes what `Learner`/`fit_basic` compute for `mlp(&[n_in, n_hidden, n_out], seed)`
//! with `f32` (the tests check losses and weights against them), in this order for each batch:
//!
//! 1. `h = relu(x·w1 + b1)`: the bias is the starting value of each dot product, ReLU is in place.
//! 2. `logits = h·w2 + b2`, then in place `g = (softmax(logits) - onehot) / n`, with the loss.
//! 3. `h.g = (g·w2ᵀ) · (h > 0)`, before `w2` changes.
//! 4. `w2 -= lr · hᵀ·g` and `b2 -= lr · Σ g`: the SGD step is folded into the gradient product,
//!    so `w2.g` is never stored; the same for `w1 -= lr · xᵀ·h.g` and `b1`.
//!
//! In step 4 the product `xᵀ·h.g` skips the rows of `x` whose `h.g` is 0 (a unit that was off):
//! about half of them. The input gradient `x.g` is not computed: nothing uses it. Weights are kept transposed (one
//! row per unit, PyTorch's layout) because both kernels of
//! [`backprop::kernels`](crate::backprop::kernels) read rows.

use ndarray::{Array1, Array2, ArrayD, ArrayView2, ArrayViewMut2, s};

use super::sequential::Sequential;
use crate::backprop::Module;
use crate::backprop::Params;
use crate::backprop::kernels::{
    Engine, NonZeros, dot_rows, sparse_weighted_row_sums, weighted_row_sums,
};
use crate::error::{Error, Result};

/// A one-hidden-layer perceptron trained by fused, allocation-free SGD steps (`f32`).
#[derive(Clone, Debug)]
pub struct FastMlp {
    engine: Engine,
    /// `w1ᵀ`, `(n_hidden, n_in)`.
    w1t: Array2<f32>,
    b1: Array1<f32>,
    /// `w2ᵀ`, `(n_out, n_hidden)`.
    w2t: Array2<f32>,
    b2: Array1<f32>,
    /// Per-batch buffers, as many rows as the largest batch seen: `h`, `h.g`, logits then `g`.
    hidden: Array2<f32>,
    hidden_grad: Array2<f32>,
    logits: Array2<f32>,
    /// The nonzero entries of `h.g`, gathered for the `w1` update.
    nonzeros: NonZeros,
}

impl FastMlp {
    /// The network `mlp(sizes, seed)` builds (same initial weights), for `sizes = [n_in, n_hidden,
    /// n_out]`.
    pub fn new(sizes: &[usize], seed: u64) -> Result<Self> {
        if sizes.len() != 3 {
            return Err(Error::Invalid(format!(
                "FastMlp::new: layer sizes {sizes:?}; expected exactly [n_in, n_hidden, n_out]"
            )));
        }
        Self::from_sequential(&mut super::sequential::mlp(sizes, seed)?)
    }

    /// Copies the weights of a `Lin → Relu → Lin` model; fails for any other model.
    pub fn from_sequential(model: &mut Sequential<f32>) -> Result<Self> {
        let names: Vec<String> = model.layers.iter().map(|l| l.name()).collect();
        let values: Vec<ArrayD<f32>> = model
            .parameters()
            .into_iter()
            .map(|p| p.value.to_owned())
            .collect();
        let [w1, b1, w2, b2]: [ArrayD<f32>; 4] = match (names.get(1), values.try_into()) {
            (Some(relu), Ok(four)) if names.len() == 3 && relu == "Relu" => four,
            _ => {
                return Err(Error::Invalid(format!(
                    "FastMlp::from_sequential: model {}; expected Lin → Relu → Lin",
                    model.name()
                )));
            }
        };
        let shape_err =
            |e: ndarray::ShapeError| Error::Shape(format!("FastMlp::from_sequential: {e}"));
        Self::from_params(Params {
            w1: w1.into_dimensionality().map_err(shape_err)?,
            b1: b1.into_dimensionality().map_err(shape_err)?,
            w2: w2.into_dimensionality().map_err(shape_err)?,
            b2: b2.into_dimensionality().map_err(shape_err)?,
        })
    }

    /// A network with the given weights (`w1: (n_in, n_hidden)`, `w2: (n_hidden, n_out)`).
    pub fn from_params(p: Params<f32>) -> Result<Self> {
        if p.b1.len() != p.w1.ncols() || p.w2.nrows() != p.w1.ncols() || p.b2.len() != p.w2.ncols()
        {
            return Err(crate::error::shape_error(
                "FastMlp::from_params",
                p.w1.shape(),
                p.w2.shape(),
                "w1: (n_in, h), b1: (h,), w2: (h, n_out), b2: (n_out,)",
            ));
        }
        let n_out = p.w2.ncols();
        Ok(FastMlp {
            engine: Engine::detect(),
            w1t: p.w1.t().as_standard_layout().into_owned(),
            b1: p.b1,
            w2t: p.w2.t().as_standard_layout().into_owned(),
            b2: p.b2,
            hidden: Array2::zeros((0, p.w1.ncols())),
            hidden_grad: Array2::zeros((0, p.w1.ncols())),
            logits: Array2::zeros((0, n_out)),
            nonzeros: NonZeros::new(),
        })
    }

    /// The same network with its kernels forced to `engine` (for tests and benchmarks).
    pub fn with_engine(mut self, engine: Engine) -> Self {
        self.engine = engine;
        self
    }

    /// The current weights in the chapter's layout: `w1: (n_in, n_hidden)`, `w2: (n_hidden, n_out)`.
    pub fn params(&self) -> Params<f32> {
        Params {
            w1: self.w1t.t().as_standard_layout().into_owned(),
            b1: self.b1.clone(),
            w2: self.w2t.t().as_standard_layout().into_owned(),
            b2: self.b2.clone(),
        }
    }

    /// The logits `relu(x·w1 + b1)·w2 + b2` (allocates its result; for evaluation).
    pub fn forward(&self, x: ArrayView2<'_, f32>) -> Result<Array2<f32>> {
        let mut hidden = Array2::zeros((x.nrows(), self.w1t.nrows()));
        dot_rows(
            self.engine,
            x,
            self.w1t.view(),
            self.b1.view(),
            hidden.view_mut(),
        )?; // x·w1 + b1
        hidden.mapv_inplace(|v| v.max(0.0)); // relu
        let mut logits = Array2::zeros((x.nrows(), self.w2t.nrows()));
        dot_rows(
            self.engine,
            hidden.view(),
            self.w2t.view(),
            self.b2.view(),
            logits.view_mut(),
        )?; // h·w2 + b2
        Ok(logits)
    }

    /// One SGD step with learning rate `lr` on the batch `(x, y)`; returns the batch's mean
    /// cross-entropy before the step. Allocates only when the batch is larger than any before.
    pub fn train_step(&mut self, x: ArrayView2<'_, f32>, y: &[usize], lr: f32) -> Result<f32> {
        self.check_batch(x, y)?;
        let rows = x.nrows();
        if self.hidden.nrows() < rows {
            self.hidden = Array2::zeros((rows, self.w1t.nrows()));
            self.hidden_grad = Array2::zeros((rows, self.w1t.nrows()));
            self.logits = Array2::zeros((rows, self.w2t.nrows()));
        }
        let mut hidden = self.hidden.slice_mut(s![..rows, ..]);
        let mut hidden_grad = self.hidden_grad.slice_mut(s![..rows, ..]);
        let mut logits = self.logits.slice_mut(s![..rows, ..]);
        let e = self.engine;
        dot_rows(e, x, self.w1t.view(), self.b1.view(), hidden.view_mut())?; // x·w1 + b1
        hidden.mapv_inplace(|v| v.max(0.0)); // h = relu(x·w1 + b1)
        dot_rows(
            e,
            hidden.view(),
            self.w2t.view(),
            self.b2.view(),
            logits.view_mut(),
        )?; // h·w2 + b2
        let loss = cross_entropy_grad_in_place(logits.view_mut(), y); // logits become g
        weighted_row_sums(
            e,
            1.0,
            logits.t(),
            self.w2t.view(),
            0.0,
            hidden_grad.view_mut(),
        )?; // g·w2ᵀ
        hidden_grad.zip_mut_with(&hidden, |g, &h| {
            if h <= 0.0 {
                *g = 0.0; // h.g = g·w2ᵀ · (h > 0)
            }
        });
        weighted_row_sums(
            e,
            -lr,
            logits.view(),
            hidden.view(),
            1.0,
            self.w2t.view_mut(),
        )?; // w2 -= lr·hᵀ·g
        for g in logits.rows() {
            self.b2.scaled_add(-lr, &g); // b2 -= lr·Σ_rows g
        }
        let (w1t, nonzeros) = (self.w1t.view_mut(), &mut self.nonzeros);
        sparse_weighted_row_sums(e, -lr, hidden_grad.view(), x, 1.0, w1t, nonzeros)?; // w1 -= lr·xᵀ·h.g
        for g in hidden_grad.rows() {
            self.b1.scaled_add(-lr, &g); // b1 -= lr·Σ_rows h.g
        }
        Ok(loss)
    }

    /// One epoch of [`train_step`](Self::train_step)s over `x` and `y` in order, in batches of
    /// `batch_size` rows (the last may be smaller), as `fit_basic` does; returns the loss of the
    /// last batch.
    pub fn fit_epoch(
        &mut self,
        x: &Array2<f32>,
        y: &[usize],
        batch_size: usize,
        lr: f32,
    ) -> Result<f32> {
        if x.nrows() != y.len() || x.nrows() == 0 || batch_size == 0 {
            return Err(Error::Invalid(format!(
                "FastMlp::fit_epoch: {} rows, {} labels, batch size {batch_size}; expected one \
                 label per row, at least one row and a batch size of at least 1",
                x.nrows(),
                y.len()
            )));
        }
        let mut loss = f32::NAN;
        for start in (0..x.nrows()).step_by(batch_size) {
            let end = (start + batch_size).min(x.nrows());
            loss = self.train_step(x.slice(s![start..end, ..]), &y[start..end], lr)?;
        }
        Ok(loss)
    }

    /// Shape and label checks, so the kernels only ever see consistent sizes.
    fn check_batch(&self, x: ArrayView2<'_, f32>, y: &[usize]) -> Result<()> {
        let (n_in, n_out) = (self.w1t.ncols(), self.w2t.nrows());
        if x.ncols() != n_in || x.nrows() != y.len() || y.is_empty() {
            return Err(Error::Shape(format!(
                "FastMlp::train_step: batch {:?} with {} labels; expected (n, {n_in}) with n >= 1 labels",
                x.shape(),
                y.len()
            )));
        }
        match y.iter().position(|&t| t >= n_out) {
            Some(i) => Err(Error::Invalid(format!(
                "FastMlp::train_step: label {} at row {i}; expected a class index below {n_out}",
                y[i]
            ))),
            None => Ok(()),
        }
    }
}

/// Replaces each row of `logits` by `∂loss/∂logits = (softmax(row) - onehot(target)) / n` and
/// returns `loss = mean_i (logsumexp(row_i) - row_i[target_i])`, the mean cross-entropy.
fn cross_entropy_grad_in_place(mut logits: ArrayViewMut2<'_, f32>, targets: &[usize]) -> f32 {
    let scale = 1.0 / targets.len() as f32;
    let mut total = 0.0f32;
    for (mut row, &t) in logits.rows_mut().into_iter().zip(targets) {
        let max = row.fold(f32::NEG_INFINITY, |m, &v| m.max(v));
        let picked = row[t];
        row.mapv_inplace(|v| (v - max).exp()); // exp(x - m)
        let sum = row.sum();
        total += sum.ln() + max - picked; // logsumexp(x) - x[target]
        let inv = scale / sum;
        row.mapv_inplace(|e| e * inv); // softmax / n
        row[t] -= scale; // - onehot / n
    }
    total * scale
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backprop::Module;
    use crate::init;
    use crate::tensor::test_close;
    use crate::training::{Sgd, mlp, train_step};
    use ndarray::Array1;

    fn data(rows: usize, n_in: usize, classes: usize) -> (Array2<f32>, Vec<usize>) {
        let mut rng = init::rng(11);
        let x = init::uniform(&mut rng, rows, n_in, 0.0, 1.0);
        let y = init::uniform::<f64>(&mut rng, 1, rows, 0.0, classes as f64)
            .iter()
            .map(|&v| v as usize)
            .collect();
        (x, y)
    }

    /// The weights of a `Lin → Relu → Lin` `Sequential`, in `Params` layout.
    fn weights(model: &mut Sequential<f32>) -> Params<f32> {
        FastMlp::from_sequential(model).unwrap().params()
    }

    #[test]
    fn fast_steps_follow_the_readable_learner_step_for_step() {
        let (x, y) = data(200, 30, 7); // batches of 64, 64, 64 and 8
        for engine in [Engine::detect(), Engine::Portable] {
            let mut readable = mlp(&[30, 12, 7], 5).unwrap();
            let mut fast = FastMlp::new(&[30, 12, 7], 5).unwrap().with_engine(engine);
            let opt = Sgd::new(0.5f32);
            for epoch in 0..3 {
                for start in (0..200).step_by(64) {
                    let end = (start + 64).min(200);
                    let batch = x.slice(s![start..end, ..]);
                    let (loss, _) = train_step(
                        &mut readable,
                        &opt,
                        batch.to_owned(),
                        &y[start..end],
                        &mut crate::training::NoHook,
                    )
                    .unwrap();
                    let fast_loss = fast.train_step(batch, &y[start..end], 0.5).unwrap();
                    assert!(
                        (f64::from(fast_loss) - loss).abs() < 1e-5,
                        "epoch {epoch}: {fast_loss} vs {loss}"
                    );
                }
            }
            let (expected, got) = (weights(&mut readable), fast.params());
            test_close(&got.w1, &expected.w1, 1e-5).unwrap();
            test_close(&got.b1, &expected.b1, 1e-5).unwrap();
            test_close(&got.w2, &expected.w2, 1e-5).unwrap();
            test_close(&got.b2, &expected.b2, 1e-5).unwrap();
            let logits = readable.forward(x.clone()).unwrap();
            test_close(&fast.forward(x.view()).unwrap(), &logits, 1e-4).unwrap();
        }
    }

    #[test]
    fn fit_epoch_matches_fit_basic_on_the_chapter_network() {
        let (x, y) = data(300, 784, 10);
        let mut readable = mlp(&[784, 50, 10], 1).unwrap();
        let reports =
            crate::training::fit_basic(&mut readable, &x, &Array1::from(y.clone()), 1, 64, 0.5)
                .unwrap();
        let mut fast = FastMlp::new(&[784, 50, 10], 1).unwrap();
        let last = fast.fit_epoch(&x, &y, 64, 0.5).unwrap();
        assert!(
            (f64::from(last) - reports[0].0).abs() < 1e-4,
            "{last} vs {}",
            reports[0].0
        );
        test_close(&fast.params().w1, &weights(&mut readable).w1, 1e-5).unwrap();
    }

    #[test]
    fn bad_input_is_an_error() {
        let mut fast = FastMlp::new(&[4, 3, 2], 0).unwrap();
        let x = Array2::<f32>::zeros((2, 4));
        assert!(
            fast.train_step(x.view(), &[0, 2], 0.1).is_err(),
            "label 2 of 2 classes"
        );
        assert!(
            fast.train_step(x.view(), &[0], 0.1).is_err(),
            "one label for two rows"
        );
        assert!(
            fast.train_step(Array2::<f32>::zeros((2, 5)).view(), &[0, 1], 0.1)
                .is_err()
        );
        assert!(fast.fit_epoch(&x, &[0, 1], 0, 0.1).is_err());
        assert!(FastMlp::new(&[4, 3], 0).is_err());
        let mut deeper = mlp(&[4, 3, 3, 2], 0).unwrap();
        assert!(FastMlp::from_sequential(&mut deeper).is_err());
    }
}
