//! Forward and backward passes as plain functions over explicit tensors: the chapter's first,
//! most direct version of backpropagation.

use ndarray::{Array1, Array2, Axis};

use crate::error::{Error, Result, shape_error};
use crate::init;
use crate::tensor::Float;

/// The parameters of a two-layer network `lin(relu(lin(x, w1, b1)), w2, b2)`; the chapter's is
/// 784-50-1.
#[derive(Clone, Debug, PartialEq)]
pub struct MlpParams<A> {
    /// First layer weights, `(n_in, n_hidden)`.
    pub w1: Array2<A>,
    /// First layer bias, `(n_hidden,)`.
    pub b1: Array1<A>,
    /// Second layer weights, `(n_hidden, n_out)`.
    pub w2: Array2<A>,
    /// Second layer bias, `(n_out,)`.
    pub b2: Array1<A>,
}

impl<A: Float> MlpParams<A> {
    /// Seeded Kaiming-normal weights, `w ~ N(0, 2 / fan_in)`, and zero biases, as in the chapter.
    pub fn init(n_in: usize, n_hidden: usize, n_out: usize, seed: u64) -> Self {
        let mut rng = init::rng(seed);
        MlpParams {
            w1: init::kaiming_normal(&mut rng, n_in, n_hidden, 0.0),
            b1: Array1::zeros(n_hidden),
            w2: init::kaiming_normal(&mut rng, n_hidden, n_out, 0.0),
            b2: Array1::zeros(n_out),
        }
    }
}

/// The gradient of the loss with respect to the input and every parameter; each field has the
/// shape of the tensor it belongs to.
#[derive(Clone, Debug, PartialEq)]
pub struct Grads<A> {
    /// `∂loss/∂x`, `(n, n_in)`.
    pub x: Array2<A>,
    /// `∂loss/∂w1`.
    pub w1: Array2<A>,
    /// `∂loss/∂b1`.
    pub b1: Array1<A>,
    /// `∂loss/∂w2`.
    pub w2: Array2<A>,
    /// `∂loss/∂b2`.
    pub b2: Array1<A>,
}

// ANCHOR: relu
/// The rectified linear unit, element by element: `relu(x) = max(x, 0)`.
pub fn relu<A: Float>(x: &Array2<A>) -> Array2<A> {
    x.mapv(|v| if v > A::zero() { v } else { A::zero() })
}
// ANCHOR_END: relu

// ANCHOR: lin
/// A linear layer: `lin(x, w, b) = x·w + b` with `x: (n, n_in)`, `w: (n_in, n_out)`,
/// `b: (n_out,)` broadcast over the rows.
pub fn lin<A: Float>(x: &Array2<A>, w: &Array2<A>, b: &Array1<A>) -> Result<Array2<A>> {
    if x.ncols() != w.nrows() {
        return Err(shape_error(
            "lin",
            x.shape(),
            w.shape(),
            "x: (n, k) and w: (k, m)",
        ));
    }
    if b.len() != w.ncols() {
        return Err(shape_error(
            "lin",
            w.shape(),
            b.shape(),
            "w: (k, m) and b: (m,)",
        ));
    }
    Ok(x.dot(w) + b) // x·w + b
}
// ANCHOR_END: lin

/// The forward pass of the chapter's network: `model(x) = lin(relu(lin(x, w1, b1)), w2, b2)`.
pub fn model<A: Float>(x: &Array2<A>, params: &MlpParams<A>) -> Result<Array2<A>> {
    let hidden = relu(&lin(x, &params.w1, &params.b1)?);
    lin(&hidden, &params.w2, &params.b2)
}

/// Checks that `pred` is one column, `(n, 1)`, and `target` has its `n` entries.
fn check_column_and_target<A>(op: &str, pred: &Array2<A>, target: &Array1<A>) -> Result<()> {
    if pred.ncols() != 1 || pred.nrows() != target.len() {
        return Err(shape_error(
            op,
            pred.shape(),
            target.shape(),
            "pred: (n, 1) and target: (n,)",
        ));
    }
    Ok(())
}

// ANCHOR: mse
/// Mean squared error: `mse = mean_i (pred[i, 0] - target[i])²`.
///
/// The prediction's single column is taken out first (`pred[:, 0]`, the chapter's squeeze);
/// without it the subtraction broadcasts, see [`mse_broadcast_trap`].
pub fn mse<A: Float>(pred: &Array2<A>, target: &Array1<A>) -> Result<A> {
    check_column_and_target("mse", pred, target)?;
    let diff = &pred.column(0) - target; // pred[:, 0] - target, shape (n,)
    Ok(diff.mapv(|d| d * d).sum() / A::lit(target.len() as f64))
}
// ANCHOR_END: mse

/// What `pred - target` gives for `pred: (n, 1)` and `target: (n,)` without the squeeze: an
/// `(n, n)` matrix `diff[i, j] = pred[i, 0] - target[j]`, because broadcasting lines the shapes
/// up from the right and stretches both size-1 axes. Its mean square is not the MSE, and no error
/// warns you: this function exists to show the trap (the fix is `pred[:, 0]`, as in [`mse`]).
pub fn mse_broadcast_trap<A: Float>(pred: &Array2<A>, target: &Array1<A>) -> Result<Array2<A>> {
    check_column_and_target("mse_broadcast_trap", pred, target)?;
    Ok(pred - target) // (n, 1) - (n,) -> (n, n)
}

// ANCHOR: mse_grad
/// Gradient of [`mse`] with respect to `pred`: `∂mse/∂pred[i, 0] = 2 (pred[i, 0] - target[i]) / n`,
/// shape `(n, 1)` like `pred`.
pub fn mse_grad<A: Float>(pred: &Array2<A>, target: &Array1<A>) -> Result<Array2<A>> {
    check_column_and_target("mse_grad", pred, target)?;
    let scale = A::lit(2.0 / target.len() as f64);
    let diff = &pred.column(0) - target;
    Ok((diff * scale).insert_axis(Axis(1))) // 2 (pred[:, 0] - target)[:, None] / n
}
// ANCHOR_END: mse_grad

// ANCHOR: relu_grad
/// Gradient through `relu`: `inp.g = out.g * (inp > 0)`; the slope is 1 where the input was
/// positive and 0 elsewhere.
pub fn relu_grad<A: Float>(inp: &Array2<A>, out_grad: &Array2<A>) -> Result<Array2<A>> {
    if inp.shape() != out_grad.shape() {
        return Err(shape_error(
            "relu_grad",
            inp.shape(),
            out_grad.shape(),
            "input and output gradient of the same shape",
        ));
    }
    let mut grad = out_grad.clone();
    grad.zip_mut_with(inp, |g, &x| {
        if x <= A::zero() {
            *g = A::zero(); // out.g * (inp > 0)
        }
    });
    Ok(grad)
}
// ANCHOR_END: relu_grad

/// The three gradients of `out = inp·w + b`.
#[derive(Clone, Debug, PartialEq)]
pub struct LinGrads<A> {
    /// `inp.g = out.g · wᵀ`, `(n, n_in)`.
    pub input: Array2<A>,
    /// `w.g = inpᵀ · out.g`, `(n_in, n_out)`.
    pub w: Array2<A>,
    /// `b.g = Σ_rows out.g`, `(n_out,)`.
    pub b: Array1<A>,
}

// ANCHOR: lin_grad
/// Backward pass of [`lin`]: given `out.g = ∂loss/∂out`, the chain rule gives
/// `inp.g = out.g · wᵀ`, `w.g = inpᵀ · out.g` and `b.g = Σ_rows out.g`.
pub fn lin_grad<A: Float>(
    inp: &Array2<A>,
    w: &Array2<A>,
    out_grad: &Array2<A>,
) -> Result<LinGrads<A>> {
    if inp.ncols() != w.nrows() || out_grad.shape() != [inp.nrows(), w.ncols()] {
        return Err(Error::Shape(format!(
            "lin_grad: input {:?}, weights {:?}, output gradient {:?}; expected (n, k), (k, m), (n, m)",
            inp.shape(),
            w.shape(),
            out_grad.shape()
        )));
    }
    Ok(LinGrads {
        input: out_grad.dot(&w.t()),   // out.g · wᵀ
        w: inp.t().dot(out_grad),      // inpᵀ · out.g (weight_grad_matmul's form)
        b: out_grad.sum_axis(Axis(0)), // Σ_rows out.g
    })
}
// ANCHOR_END: lin_grad

/// Both passes of the network with an MSE loss against `y`: returns the loss and the gradient of
/// the loss with respect to the input and every parameter.
///
/// Forward: `l1 = lin(x, w1, b1)`, `l2 = relu(l1)`, `out = lin(l2, w2, b2)`, `loss = mse(out, y)`.
/// Backward, last step first: `out.g = mse_grad`, then `lin_grad` gives `l2.g`, `w2.g`, `b2.g`;
/// `l1.g = relu_grad(l1, l2.g)`; `lin_grad` again gives `x.g`, `w1.g`, `b1.g`.
// ANCHOR: forward_and_backward
pub fn forward_and_backward<A: Float>(
    x: &Array2<A>,
    y: &Array1<A>,
    params: &MlpParams<A>,
) -> Result<(A, Grads<A>)> {
    let l1 = lin(x, &params.w1, &params.b1)?;
    let l2 = relu(&l1);
    let out = lin(&l2, &params.w2, &params.b2)?;
    let loss = mse(&out, y)?;

    let out_grad = mse_grad(&out, y)?;
    let second = lin_grad(&l2, &params.w2, &out_grad)?;
    let l1_grad = relu_grad(&l1, &second.input)?;
    let first = lin_grad(x, &params.w1, &l1_grad)?;
    let grads = Grads {
        x: first.input,
        w1: first.w,
        b1: first.b,
        w2: second.w,
        b2: second.b,
    };
    Ok((loss, grads))
}
// ANCHOR_END: forward_and_backward

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn mse_squeezes_the_column_and_the_trap_broadcasts() {
        let pred = array![[1.0f64], [2.0], [4.0]];
        let target = array![1.0f64, 1.0, 1.0];
        // (0² + 1² + 3²) / 3
        assert!((mse(&pred, &target).unwrap() - 10.0 / 3.0).abs() < 1e-12);
        let trap = mse_broadcast_trap(&pred, &target).unwrap();
        assert_eq!(trap.shape(), [3, 3]);
        assert_eq!(trap[[2, 0]], 3.0);
        let wrong = array![1.0f64, 2.0];
        assert!(mse(&pred, &wrong).is_err());
        assert!(mse_grad(&array![[1.0f64, 2.0]], &array![1.0]).is_err());
    }

    #[test]
    fn relu_grad_blocks_negative_inputs() {
        let inp = array![[-1.0f32, 0.0, 2.0]];
        let g = relu_grad(&inp, &array![[5.0f32, 5.0, 5.0]]).unwrap();
        assert_eq!(g, array![[0.0f32, 0.0, 5.0]]);
        assert!(relu_grad(&inp, &array![[1.0f32]]).is_err());
    }

    #[test]
    fn lin_checks_shapes_and_adds_the_bias() {
        let x = array![[1.0f64, 2.0]];
        let w = array![[1.0f64, 0.0, 1.0], [0.0, 1.0, 1.0]];
        let b = array![10.0f64, 20.0, 30.0];
        assert_eq!(lin(&x, &w, &b).unwrap(), array![[11.0, 22.0, 33.0]]);
        assert!(lin(&x, &w.t().to_owned(), &b).is_err());
        assert!(lin(&x, &w, &array![1.0f64]).is_err());
        assert!(lin_grad(&x, &w, &array![[1.0f64, 1.0]]).is_err());
    }
}
