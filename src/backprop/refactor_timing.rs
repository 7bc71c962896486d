//! The forward and backward pass timed in each of the chapter's three shapes: plain functions,
//! layer structs chained by [`Model`], and a list of boxed [`Module`]s walked in a loop.
//!
//! The lesson times each refactor to see what organising the code costs. The
//! three passes are run here, in `f32` and without type parameters, so what a notebook times is
//! this library's optimised code, not a copy compiled at the cell's opt-level 0 (see the README's
//! notebooks section).

use std::fmt;

use ndarray::{Array1, Array2};

use super::functional::{MlpParams, forward_and_backward};
use super::layers::{Lin, Model, Module, Mse, Relu};
use crate::error::{Error, Result};
use crate::tensor::{Timing, test_close, timeit};

/// How long one forward and backward pass takes in each refactor, on the same data and weights.
#[derive(Clone, Debug)]
pub struct RefactorTimings {
    /// How many rows each pass ran on.
    pub rows: usize,
    /// [`forward_and_backward`]: the functions, every intermediate passed by hand.
    pub functional: Timing,
    /// [`Model::forward`] then [`Model::backward`]: the layers as fields of one struct.
    pub layers: Timing,
    /// A `Vec<Box<dyn Module<f32>>>` run forwards, an [`Mse`], then the list in reverse.
    pub module_list: Timing,
}

/// The list-of-modules pass: `x = layer.forward(x)` for each layer, the loss, then
/// `g = layer.backward(g)` from the last layer to the first. Returns the loss and `x.g`.
fn module_list_pass(
    layers: &mut [Box<dyn Module<f32>>],
    loss: &mut Mse<f32>,
    x: &Array2<f32>,
    y: &Array1<f32>,
) -> Result<(f32, Array2<f32>)> {
    let mut activations = x.clone();
    for layer in layers.iter_mut() {
        activations = layer.forward(activations)?;
    }
    let value = loss.forward(activations, y)?;
    let mut grad = loss.backward()?;
    for layer in layers.iter_mut().rev() {
        grad = layer.backward(&grad)?;
    }
    Ok((value, grad))
}

/// Times one forward and backward pass of the 784-50-1 network with an MSE loss against `y`,
/// three ways: [`forward_and_backward`], [`Model`], and a list of [`Module`]s. Each way runs
/// `runs` runs of `loops` passes (see [`timeit`]).
///
/// Before timing, every way's loss and input gradient is checked equal to the functional
/// version's, so the three timings are of the same computation. The layer versions take their
/// input by value (they keep it for the backward pass), so their timing includes one copy of `x`.
pub fn time_refactors(
    x: &Array2<f32>,
    y: &Array1<f32>,
    params: &MlpParams<f32>,
    runs: usize,
    loops: usize,
) -> Result<RefactorTimings> {
    let (loss, grads) = forward_and_backward(x, y, params)?;

    let mut model = Model::new(params.clone())?;
    let model_pass = |model: &mut Model<f32>| -> Result<(f32, Array2<f32>)> {
        let loss = model.forward(x.clone(), y)?;
        Ok((loss, model.backward()?))
    };

    let mut layers: Vec<Box<dyn Module<f32>>> = vec![
        Box::new(Lin::new(params.w1.clone(), params.b1.clone())?),
        Box::new(Relu::new()),
        Box::new(Lin::new(params.w2.clone(), params.b2.clone())?),
    ];
    let mut list_loss = Mse::new();

    for (name, (other_loss, other_x_grad)) in [
        ("Model", model_pass(&mut model)?),
        (
            "Module list",
            module_list_pass(&mut layers, &mut list_loss, x, y)?,
        ),
    ] {
        test_close(&other_x_grad, &grads.x, 1e-5)?;
        if (other_loss - loss).abs() > 1e-5 * loss.abs().max(1.0) {
            return Err(Error::Invalid(format!(
                "time_refactors: {name} loss {other_loss} differs from the functional loss {loss}; expected the same pass"
            )));
        }
    }

    Ok(RefactorTimings {
        rows: x.nrows(),
        functional: timeit(runs, loops, || forward_and_backward(x, y, params)),
        layers: timeit(runs, loops, || model_pass(&mut model)),
        module_list: timeit(runs, loops, || {
            module_list_pass(&mut layers, &mut list_loss, x, y)
        }),
    })
}

impl fmt::Display for RefactorTimings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "forward + backward on {} rows:", self.rows)?;
        writeln!(f, "  functions (forward_and_backward): {}", self.functional)?;
        writeln!(f, "  layers (Model):                   {}", self.layers)?;
        write!(
            f,
            "  list of Box<dyn Module>:          {}",
            self.module_list
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::{randn, rng};

    #[test]
    fn the_three_passes_are_timed_and_a_bad_target_is_an_error() {
        let x: Array2<f32> = randn(&mut rng(3), 8, 784);
        let y = Array1::from_iter((0..8).map(|i| (i % 10) as f32));
        let params = MlpParams::init(784, 50, 1, 42);
        let timings = time_refactors(&x, &y, &params, 2, 1).unwrap();
        assert_eq!((timings.functional.runs, timings.layers.runs), (2, 2));
        assert!(timings.module_list.mean > 0.0);
        assert!(timings.to_string().contains("list of Box<dyn Module>"));
        assert!(time_refactors(&x, &Array1::zeros(3), &params, 1, 1).is_err());
    }
}
