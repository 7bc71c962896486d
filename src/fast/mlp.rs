//! The fast twin of the training loop: one `Lin → Relu → Lin` network trained with SGD on
//! cross-entropy, with no allocation per batch and the steps fused where the maths allows.
//!
//! [`FastMlp`] computes what `Learner`/`fit_basic` compute for `mlp(&[n_in, n_hidden, n_out], seed)`
//! with `f32` (the tests check losses and weights against them), in this order for each batch:
//!
//! 1. `h = relu(x·w1 + b1)` and `logits = h·w2 + b2` (the shared forward pass).
//! 2. In place, `g = (softmax(logits) - onehot) / n`, with the loss (the head, here).
//! 3. `h.g = (g·w2ᵀ) · (h > 0)`, before `w2` changes.
//! 4. `w2 -= lr · hᵀ·g`, `b2 -= lr · Σ g`, `w1 -= lr · xᵀ·h.g`, `b1 -= lr · Σ h.g`: the SGD step is
//!    folded into the gradient products, so no gradient is ever stored; `xᵀ·h.g` skips the rows
//!    whose `h.g` is 0 (a unit that was off), about half of them.
//!
//! The input gradient `x.g` is not computed: nothing uses it.

use ndarray::{Array2, ArrayView2, ArrayViewMut2, s};

use super::kernels::Engine;
use super::two_layer::{TwoLayer, Weights};
use crate::backprop::MlpParams;
use crate::error::{Error, Result};
use crate::training::{Sequential, mlp};

/// A one-hidden-layer perceptron trained by fused, allocation-free SGD steps (`f32`).
#[derive(Clone, Debug)]
pub struct FastMlp {
    weights: Weights,
    work: TwoLayer,
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
        Self::from_sequential(&mlp(sizes, seed)?)
    }

    /// Copies the weights of a `Lin → Relu → Lin` model; fails for any other model.
    pub fn from_sequential(model: &Sequential<f32>) -> Result<Self> {
        Self::from_params(model.mlp_params()?)
    }

    /// A network with the given weights (`w1: (n_in, n_hidden)`, `w2: (n_hidden, n_out)`).
    pub fn from_params(p: MlpParams<f32>) -> Result<Self> {
        Ok(FastMlp {
            weights: Weights::from_params("FastMlp::from_params", &p)?,
            work: TwoLayer::new(Engine::detect()),
        })
    }

    /// The same network with its kernels on `engine` (for tests and benchmarks).
    pub fn with_engine(mut self, engine: Engine) -> Self {
        self.work.set_engine(engine);
        self
    }

    /// The current weights in the chapter's layout: `w1: (n_in, n_hidden)`, `w2: (n_hidden, n_out)`.
    pub fn params(&self) -> MlpParams<f32> {
        self.weights.to_params()
    }

    /// The logits `relu(x·w1 + b1)·w2 + b2` (allocates its buffers and result; for evaluation).
    pub fn forward(&self, x: ArrayView2<'_, f32>) -> Result<Array2<f32>> {
        self.check_batch(x, None)?;
        let mut work = TwoLayer::new(self.work.engine());
        Ok(work.forward(&self.weights, x)?.to_owned())
    }

    /// One SGD step with learning rate `lr` on the batch `(x, y)`; returns the batch's mean
    /// cross-entropy before the step (computed in `f32`, reported as `f64` like every training
    /// loss). Allocates only when the batch is larger than any before.
    pub fn train_step(&mut self, x: ArrayView2<'_, f32>, y: &[usize], lr: f32) -> Result<f64> {
        self.check_batch(x, Some(y))?;
        let logits = self.work.forward(&self.weights, x)?;
        let loss = cross_entropy_grad_in_place(logits, y); // logits become g
        self.work.backward_to_hidden(&self.weights)?;
        self.work.add_param_grads(x, -lr, &mut self.weights)?; // p -= lr·p.g
        Ok(f64::from(loss))
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
    ) -> Result<f64> {
        crate::training::check_epoch("FastMlp::fit_epoch", x, y, batch_size)?;
        let mut loss = f64::NAN;
        for start in (0..x.nrows()).step_by(batch_size) {
            let end = (start + batch_size).min(x.nrows());
            loss = self.train_step(x.slice(s![start..end, ..]), &y[start..end], lr)?;
        }
        Ok(loss)
    }

    /// Shape and label checks, so the kernels only ever see consistent sizes.
    fn check_batch(&self, x: ArrayView2<'_, f32>, y: Option<&[usize]>) -> Result<()> {
        let (n_in, n_out) = (self.weights.n_in(), self.weights.n_out());
        let labels = y.map_or(x.nrows(), <[usize]>::len);
        if x.ncols() != n_in || x.nrows() != labels || x.nrows() == 0 {
            return Err(Error::Shape(format!(
                "FastMlp: batch {:?} with {labels} labels; expected (n, {n_in}) with n >= 1 labels",
                x.shape(),
            )));
        }
        match y.and_then(|y| y.iter().position(|&t| t >= n_out).map(|i| (i, y[i]))) {
            Some((i, label)) => Err(Error::Invalid(format!(
                "FastMlp::train_step: label {label} at row {i}; expected a class index below {n_out}"
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
    use crate::fast::kernels::tests::engines_to_test;
    use crate::init;
    use crate::tensor::test_close;
    use crate::training::{Sgd, fit_basic, train_step};

    fn data(rows: usize, n_in: usize, classes: usize) -> (Array2<f32>, Vec<usize>) {
        let mut rng = init::rng(11);
        let x = init::uniform(&mut rng, rows, n_in, 0.0, 1.0);
        let y = init::uniform::<f64>(&mut rng, 1, rows, 0.0, classes as f64)
            .iter()
            .map(|&v| v as usize)
            .collect();
        (x, y)
    }

    #[test]
    fn fast_steps_follow_the_readable_learner_step_for_step() {
        let (x, y) = data(200, 30, 7); // batches of 64, 64, 64 and 8
        for engine in engines_to_test() {
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
                        (fast_loss - loss).abs() < 1e-5,
                        "{}, epoch {epoch}: {fast_loss} vs {loss}",
                        engine.name()
                    );
                }
            }
            let (expected, got) = (readable.mlp_params().unwrap(), fast.params());
            test_close(&got.w1, &expected.w1, 1e-5).unwrap();
            test_close(&got.b1, &expected.b1, 1e-5).unwrap();
            test_close(&got.w2, &expected.w2, 1e-5).unwrap();
            test_close(&got.b2, &expected.b2, 1e-5).unwrap();
            let logits = readable.forward(x.clone()).unwrap();
            test_close(&fast.forward(x.view()).unwrap(), &logits, 1e-4).unwrap();
        }
    }

    #[test]
    fn fit_epoch_matches_fit_basic_on_the_chapter_network_on_every_engine() {
        let (x, y) = data(300, 784, 10);
        let mut readable = mlp(&[784, 50, 10], 1).unwrap();
        let reports = fit_basic(&mut readable, &x, &y, 1, 64, 0.5).unwrap();
        let expected = readable.mlp_params().unwrap();
        for engine in engines_to_test() {
            let mut fast = FastMlp::new(&[784, 50, 10], 1).unwrap().with_engine(engine);
            let last = fast.fit_epoch(&x, &y, 64, 0.5).unwrap();
            let name = engine.name();
            assert!(
                (last - reports[0].0).abs() < 1e-4,
                "{name}: {last} vs {}",
                reports[0].0
            );
            let got = fast.params();
            test_close(&got.w1, &expected.w1, 1e-5).unwrap();
            test_close(&got.b1, &expected.b1, 1e-5).unwrap();
            test_close(&got.w2, &expected.w2, 1e-5).unwrap();
            test_close(&got.b2, &expected.b2, 1e-5).unwrap();
        }
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
        // a layer that calls itself "Relu" but is not one: recognised by type, not by name
        struct NotRelu;
        impl Module<f32> for NotRelu {
            fn name(&self) -> String {
                "Relu".to_string()
            }
            fn forward(&mut self, input: Array2<f32>) -> Result<Array2<f32>> {
                Ok(input * 2.0)
            }
            fn backward(&mut self, out_grad: &Array2<f32>) -> Result<Array2<f32>> {
                Ok(out_grad * 2.0)
            }
        }
        let mut impostor = mlp(&[4, 3, 2], 0).unwrap();
        impostor.layers[1] = Box::new(NotRelu);
        assert_eq!(impostor.name(), mlp(&[4, 3, 2], 0).unwrap().name());
        assert!(FastMlp::from_sequential(&impostor).is_err());
        let deeper = mlp(&[4, 3, 3, 2], 0).unwrap();
        assert!(FastMlp::from_sequential(&deeper).is_err());
        assert!(fast.forward(Array2::<f32>::zeros((2, 5)).view()).is_err());
    }
}
