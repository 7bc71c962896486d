//! Issue 9 acceptance (feature `candle`): our hand-written gradients agree with candle's autograd,
//! the candle-nn model trains to the chapter's bar with the same protocol, and the custom ReLU op
//! matches candle's own.
//!
//! Run with `FOUNDATIONS_DATA=/path/to/shared/data cargo test --features candle --test candle`.
#![cfg(feature = "candle")]

use candle_core::{Device, Tensor, Var};
use foundations::backprop::{MlpParams, forward_and_backward, model};
use foundations::candle_bridge::{
    CandleMlp, CustomRelu, ReluKind, array2_from_tensor, autograd_check,
    candle_cross_entropy_grads, candle_mse_grads, compare_grads, compare_training, labels_tensor,
    our_cross_entropy_grads, relu_custom, tensor_from_array2,
};
use foundations::data::{self, Mnist};
use foundations::init::{randn, rng};
use ndarray::{Array1, Array2, s};

/// The bar: every gradient within 1e-4 of candle's, relative to the gradient's scale.
const GRAD_TOLERANCE: f64 = 1e-4;

fn mnist10k() -> Mnist {
    let path = data::locate("mnist10k.pkl.gz")
        .unwrap_or_else(|e| panic!("mnist10k.pkl.gz not found ({e}); set FOUNDATIONS_DATA"));
    data::load_mnist(path).unwrap()
}

/// The first `n` training rows, their labels, and the labels as regression targets.
fn rows(mnist: &Mnist, n: usize) -> (Array2<f32>, Vec<usize>, Array1<f32>) {
    let x = mnist.train.x.slice(s![..n, ..]).to_owned();
    let labels: Vec<usize> = mnist.train.y.iter().take(n).copied().collect();
    let values = labels.iter().map(|&l| l as f32).collect();
    (x, labels, values)
}

#[test]
fn mse_network_gradients_match_candle_autograd() {
    let mnist = mnist10k();
    let (x, _, y) = rows(&mnist, 100);
    let params = MlpParams::<f32>::init(784, 50, 1, 0);
    let (our_loss, ours) = forward_and_backward(&x, &y, &params).unwrap();
    let (candle_loss, theirs) = candle_mse_grads(&x, &y, &params).unwrap();
    assert!((our_loss - candle_loss).abs() <= 1e-5 * candle_loss.abs());
    let diffs = compare_grads(&ours, &theirs).unwrap();
    assert_eq!(diffs.len(), 5, "x, w1, b1, w2, b2");
    assert_eq!(
        diffs[1].shape,
        [784, 50],
        "w1.g comes back in our (fan_in, fan_out) layout"
    );
    for d in &diffs {
        println!("MSE {d:?}");
        assert!(d.relative <= GRAD_TOLERANCE, "{d:?}");
    }
}

#[test]
fn cross_entropy_network_gradients_match_candle_autograd() {
    let mnist = mnist10k();
    let (x, labels, _) = rows(&mnist, 100);
    let params = MlpParams::<f32>::init(784, 50, 10, 1);
    let (our_loss, ours) = our_cross_entropy_grads(&x, &labels, &params).unwrap();
    let (candle_loss, theirs) = candle_cross_entropy_grads(&x, &labels, &params).unwrap();
    assert!((our_loss - candle_loss).abs() <= 1e-5 * candle_loss.abs());
    for d in compare_grads(&ours, &theirs).unwrap() {
        println!("cross-entropy {d:?}");
        assert!(d.relative <= GRAD_TOLERANCE, "{d:?}");
    }
}

#[test]
fn the_comparison_catches_a_wrong_gradient() {
    let mnist = mnist10k();
    let (x, labels, _) = rows(&mnist, 32);
    let params = MlpParams::<f32>::init(784, 50, 10, 2);
    let (_, theirs) = candle_cross_entropy_grads(&x, &labels, &params).unwrap();
    // One element of w2.g off by 0.1% of the gradient's scale is already too far.
    let mut wrong = theirs.clone();
    let scale = theirs.w2.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    wrong.w2[[3, 4]] += 1e-3 * scale;
    let diffs = compare_grads(&wrong, &theirs).unwrap();
    assert!(
        diffs[3].relative > GRAD_TOLERANCE && diffs[0].relative == 0.0,
        "{diffs:?}"
    );
    // A NaN cannot hide, and a transposed weight gradient is a shape error.
    wrong.b1[0] = f32::NAN;
    assert!(compare_grads(&wrong, &theirs).unwrap()[2].relative.is_nan());
    wrong.w1 = theirs.w1.t().to_owned();
    assert!(compare_grads(&wrong, &theirs).is_err());
    // Bad shapes are errors, not panics.
    assert!(candle_cross_entropy_grads(&x, &labels[..5], &params).is_err());
    assert!(
        candle_mse_grads(&x, &Array1::zeros(32), &params).is_err(),
        "10 outputs for MSE"
    );
}

#[test]
fn the_candle_model_holds_our_weights_transposed() {
    let params = MlpParams::<f32>::init(784, 50, 10, 3);
    let (varmap, net) = CandleMlp::from_params(&params, ReluKind::Builtin).unwrap();
    assert_eq!(
        net.lin1.weight().dims(),
        [50, 784],
        "candle-nn stores (fan_out, fan_in)"
    );
    assert_eq!(varmap.all_vars().len(), 4);
    assert_eq!(net.params().unwrap(), params);
    let x = randn::<f32>(&mut rng(4), 8, 784);
    let theirs =
        array2_from_tensor(&net.logits(&tensor_from_array2(&x).unwrap()).unwrap()).unwrap();
    let ours = model(&x, &params).unwrap();
    foundations::tensor::test_close(&theirs, &ours, 1e-4).unwrap();
    let mut broken = params.clone();
    broken.b1 = Array1::zeros(49);
    assert!(CandleMlp::from_params(&broken, ReluKind::Builtin).is_err());
}

/// `(relu(x) · w).sum()` and its gradient with respect to `x`, for a ReLU given as a closure.
fn relu_and_grad(
    x: &Tensor,
    w: &Tensor,
    relu: impl Fn(&Tensor) -> Tensor,
) -> (Vec<Vec<f32>>, Vec<Vec<f32>>) {
    let var = Var::from_tensor(x).unwrap();
    let out = relu(var.as_tensor());
    let grads = out.mul(w).unwrap().sum_all().unwrap().backward().unwrap();
    let grad = grads.get(var.as_tensor()).unwrap();
    (out.to_vec2().unwrap(), grad.to_vec2().unwrap())
}

#[test]
fn custom_relu_matches_candles_relu_forward_and_backward() {
    let x = tensor_from_array2(&randn::<f32>(&mut rng(5), 30, 40)).unwrap();
    let w = tensor_from_array2(&randn::<f32>(&mut rng(6), 30, 40)).unwrap();
    let builtin = relu_and_grad(&x, &w, |t| t.relu().unwrap());
    let custom = relu_and_grad(&x, &w, |t| relu_custom(t).unwrap());
    assert_eq!(custom, builtin);
    assert!(
        builtin.1.iter().flatten().any(|&g| g == 0.0)
            && builtin.0.iter().flatten().any(|&v| v > 0.0)
    );

    // A transposed (non-contiguous) input goes through the layout, not the raw buffer order.
    let xt = x.t().unwrap();
    let wt = w.t().unwrap().contiguous().unwrap();
    assert_eq!(
        relu_and_grad(&xt, &wt, |t| relu_custom(t).unwrap()),
        relu_and_grad(&xt, &wt, |t| t.relu().unwrap())
    );

    // f64 works too; integer tensors are refused with an error.
    let x64 = Tensor::new(&[-1.5f64, 2.5], &Device::Cpu).unwrap();
    assert_eq!(
        relu_custom(&x64).unwrap().to_vec1::<f64>().unwrap(),
        [0.0, 2.5]
    );
    let ints = Tensor::new(&[1u32, 2], &Device::Cpu).unwrap();
    let err = relu_custom(&ints).unwrap_err().to_string();
    assert!(err.contains("custom-relu") && err.contains("f32"), "{err}");
}

#[test]
fn at_zero_our_relu_slope_is_zero_and_candles_is_one() {
    let x = Tensor::new(&[[0.0f32, -1.0, 1.0]], &Device::Cpu).unwrap();
    let ones = x.ones_like().unwrap();
    let (_, ours) = relu_and_grad(&x, &ones, |t| t.apply_op1(CustomRelu).unwrap());
    let (_, candles) = relu_and_grad(&x, &ones, |t| t.relu().unwrap());
    assert_eq!(ours, [[0.0, 0.0, 1.0]], "the chapter's (inp > 0)");
    assert_eq!(
        candles,
        [[1.0, 0.0, 1.0]],
        "candle's relu backward uses (inp >= 0)"
    );
}

/// `∂loss/∂b1` of the candle model when every hidden pre-activation is exactly 0.
fn b1_grad_at_zero(relu: ReluKind) -> Array1<f32> {
    let mut params = MlpParams::<f32>::init(784, 50, 10, 8);
    params.w1.fill(0.0); // with b1 = 0, lin1(x) = 0 everywhere
    let (_varmap, net) = CandleMlp::from_params(&params, relu).unwrap();
    let x = Var::from_tensor(&tensor_from_array2(&randn(&mut rng(9), 4, 784)).unwrap()).unwrap();
    let labels = labels_tensor(&[0, 1, 2, 3]).unwrap();
    let loss =
        candle_nn::loss::cross_entropy(&net.logits(x.as_tensor()).unwrap(), &labels).unwrap();
    let store = loss.backward().unwrap();
    net.grads(&store, x.as_tensor()).unwrap().b1
}

#[test]
fn the_custom_model_backpropagates_through_our_bwd() {
    // At 0 the two ReLUs disagree on the slope, so the gradient shows which backward ran.
    assert!(b1_grad_at_zero(ReluKind::Custom).iter().all(|&g| g == 0.0));
    assert!(b1_grad_at_zero(ReluKind::Builtin).iter().any(|&g| g != 0.0));
}

#[test]
fn candle_nn_trains_mnist10k_like_our_loop() {
    let mnist = mnist10k();
    let comparison = compare_training(&mnist, 3, 0).unwrap();
    println!("{comparison}");
    let [ours, builtin, custom] = &comparison.runs[..] else {
        panic!("expected three runs: {comparison:?}");
    };
    for run in [ours, builtin, custom] {
        assert_eq!(run.history.len(), 3);
        assert!(run.final_accuracy() >= 0.90, "{run:?}");
        assert!(
            run.history[2].train_loss < run.history[0].train_loss,
            "{run:?}"
        );
    }
    // Same weights, same batches, same learning rate: the runs stay together.
    for (a, b) in ours.history.iter().zip(&builtin.history) {
        assert!(
            (a.valid_accuracy - b.valid_accuracy).abs() <= 2e-3,
            "{a} vs {b}"
        );
        assert!((a.train_loss - b.train_loss).abs() <= 2e-3, "{a} vs {b}");
    }
    // The custom ReLU computes the same numbers as candle's, so the runs coincide.
    for (a, b) in builtin.history.iter().zip(&custom.history) {
        assert!((a.valid_loss - b.valid_loss).abs() <= 1e-6, "{a} vs {b}");
    }
}

#[test]
fn the_autograd_report_is_one_call() {
    let mnist = mnist10k();
    let report = autograd_check(&mnist, 64, 7).unwrap();
    let text = report.to_string();
    println!("{text}");
    assert!(report.mse.worst_relative() <= GRAD_TOLERANCE, "{text}");
    assert!(
        report.cross_entropy.worst_relative() <= GRAD_TOLERANCE,
        "{text}"
    );
    assert!(text.contains("MSE, 784-50-1") && text.contains("w1.g") && text.contains("[784, 50]"));
    assert!(report.mse.ours.mean > 0.0 && report.cross_entropy.candle.mean > 0.0);
    assert!(autograd_check(&mnist, 0, 7).is_err());
}
