//! Stage 5 acceptance: hand-written gradients against finite differences (in f64), the layer
//! version against the functional one, and the three weight-gradient formulas against each other.

use foundations::backprop::relu;
use foundations::backprop::{
    GradCheck, GradReport, Lin, MlpParams, Model, Module, Relu, check_forward_and_backward,
    forward_and_backward, lin, mse, mse_broadcast_trap, weight_grad_einsum, weight_grad_matmul,
    weight_grad_outer,
};
use foundations::cross_entropy::{cross_entropy, cross_entropy_grad};
use foundations::data;
use foundations::init::{randn, rng};
use foundations::tensor::{test_close, test_near};
use foundations::training::Sequential;
use ndarray::{Array1, Array2, ArrayD, Axis, Ix1, Ix2, s};

const N_IN: usize = 784;
const N_HIDDEN: usize = 50;

/// Seeded random inputs `(n, 784)`, targets `(n,)` and 784-50-`n_out` parameters with non-zero
/// biases (zero biases would hide a forgotten `+ b`).
fn random_problem(n: usize, n_out: usize, seed: u64) -> (Array2<f64>, Array1<f64>, MlpParams<f64>) {
    let mut r = rng(seed);
    let x = randn::<f64>(&mut r, n, N_IN);
    let y = randn::<f64>(&mut r, 1, n).remove_axis(Axis(0));
    let mut params = MlpParams::init(N_IN, N_HIDDEN, n_out, seed + 1);
    params.b1 = randn::<f64>(&mut r, 1, N_HIDDEN).remove_axis(Axis(0)) * 0.1;
    params.b2 = randn::<f64>(&mut r, 1, n_out).remove_axis(Axis(0)) * 0.1;
    (x, y, params)
}

#[test]
fn mse_network_gradients_match_finite_differences() {
    let (x, y, params) = random_problem(32, 1, 1);
    let report = check_forward_and_backward(&x, &y, &params, &GradCheck::default()).unwrap();
    println!("784-50-1, MSE, seeded random inputs:\n{report}");
    let names: Vec<&str> = report.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["x", "w1", "b1", "w2", "b2"]);
    for row in &report.rows {
        assert!(row.maxdiff < 1e-4, "{}: {:e}", row.name, row.maxdiff);
        assert!(row.checked == row.total.min(100), "{row:?}");
    }
    assert!(report.all_approx());
}

#[test]
fn gradient_check_catches_a_wrong_gradient() {
    let (x, y, params) = random_problem(8, 1, 2);
    let (_, grads) = forward_and_backward(&x, &y, &params).unwrap();
    // A gradient that is 1% too large everywhere must not pass a 1e-4 check.
    let mut values = [params.w2.clone().into_dyn()];
    let wrong = [(grads.w2 * 1.01).into_dyn()];
    let p = params.clone();
    let report = GradCheck::default()
        .run(&["w2"], &mut values, &wrong, |v| {
            let w2 = v[0].view().into_dimensionality::<Ix2>().unwrap().to_owned();
            mse(&lin(&relu(&lin(&x, &p.w1, &p.b1)?), &w2, &p.b2)?, &y)
        })
        .unwrap();
    assert!(!report.rows[0].approx, "{report}");
    assert!(
        (report.rows[0].maxdiff - 0.01 / 1.01).abs() < 1e-3,
        "{report}"
    );
    // the parameters were put back exactly after each nudge
    assert_eq!(values[0], params.w2.clone().into_dyn());
}

#[test]
fn gradient_check_rejects_mismatched_inputs() {
    let mut values = [ArrayD::<f64>::zeros(vec![2, 2])];
    let wrong_shape = [ArrayD::<f64>::zeros(vec![4])];
    let check = GradCheck::default();
    assert!(
        check
            .run(&["a"], &mut values, &wrong_shape, |_| Ok(0.0))
            .is_err()
    );
    assert!(
        check
            .run(&["a", "b"], &mut values, &wrong_shape, |_| Ok(0.0))
            .is_err()
    );
    // a loss that turns NaN must fail the check, not slip through `max`
    let zeros = [ArrayD::<f64>::zeros(vec![2, 2])];
    let report = check
        .run(&["a"], &mut values, &zeros, |_| Ok(f64::NAN))
        .unwrap();
    assert!(!report.rows[0].approx && !report.all_approx(), "{report}");
}

#[test]
fn report_prints_an_aligned_table() {
    let (x, y, params) = random_problem(4, 1, 3);
    let check = GradCheck {
        samples: 5,
        ..GradCheck::default()
    };
    let text = check_forward_and_backward(&x, &y, &params, &check)
        .unwrap()
        .to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    assert!(
        lines[0].starts_with("tensor | exact | approx | maxdiff"),
        "{text}"
    );
    assert!(lines[2].starts_with("w1     | true  | true   | "), "{text}");
    assert!(lines[3].ends_with("5/50"), "{text}");
    let bars: Vec<usize> = lines.iter().map(|l| l.find('|').unwrap()).collect();
    assert!(bars.iter().all(|&b| b == bars[0]), "{text}");
}

/// The 784-50-10 network with cross-entropy, built from the `Module` layers.
fn classifier(params: &MlpParams<f64>) -> Sequential<f64> {
    Sequential::new(vec![
        Box::new(Lin::new(params.w1.clone(), params.b1.clone()).unwrap()),
        Box::new(Relu::new()),
        Box::new(Lin::new(params.w2.clone(), params.b2.clone()).unwrap()),
    ])
}

/// Checks the `Module` version of the 784-50-10 cross-entropy network (backward through
/// `Sequential`) against finite differences of the functional forward pass.
fn check_cross_entropy_network(
    x: Array2<f64>,
    targets: &[usize],
    params: MlpParams<f64>,
) -> GradReport {
    let mut net = classifier(&params);
    let logits = net.forward(x.clone()).unwrap();
    let x_grad = net
        .backward(&cross_entropy_grad(&logits, targets).unwrap())
        .unwrap();
    let mut analytic = vec![x_grad.into_dyn()];
    analytic.extend(net.parameters().into_iter().map(|p| p.grad.to_owned()));
    let names = ["x", "w1", "b1", "w2", "b2"];
    let mut values = [
        x.into_dyn(),
        params.w1.into_dyn(),
        params.b1.into_dyn(),
        params.w2.into_dyn(),
        params.b2.into_dyn(),
    ];
    let m = |a: &ArrayD<f64>| a.view().into_dimensionality::<Ix2>().unwrap().to_owned();
    let v = |a: &ArrayD<f64>| a.view().into_dimensionality::<Ix1>().unwrap().to_owned();
    let report = GradCheck::default()
        .run(&names, &mut values, &analytic, |t| {
            let hidden = relu(&lin(&m(&t[0]), &m(&t[1]), &v(&t[2]))?);
            cross_entropy(&lin(&hidden, &m(&t[3]), &v(&t[4]))?, targets)
        })
        .unwrap();
    assert_eq!(report.rows.len(), 5);
    for row in &report.rows {
        assert!(
            row.maxdiff < 1e-4,
            "{}: {:e}\n{report}",
            row.name,
            row.maxdiff
        );
    }
    report
}

#[test]
fn cross_entropy_network_gradients_match_finite_differences() {
    let (x, _, params) = random_problem(32, 10, 4);
    let targets: Vec<usize> = (0..32).map(|i| (i * 7) % 10).collect();
    let report = check_cross_entropy_network(x, &targets, params);
    println!("784-50-10, cross-entropy, seeded random inputs:\n{report}");
}

#[test]
fn cross_entropy_gradients_on_real_mnist_rows() {
    let path = data::locate("mnist10k.pkl.gz").expect("set FOUNDATIONS_DATA to the data folder");
    let train = data::load_mnist(path).unwrap().train;
    let x = train.x.slice(s![..32, ..]).mapv(f64::from);
    let targets = train.y.slice(s![..32]).to_vec();
    let (_, _, params) = random_problem(1, 10, 5);
    let report = check_cross_entropy_network(x, &targets, params);
    println!("784-50-10, cross-entropy, the first 32 mnist10k training rows:\n{report}");
}

#[test]
fn module_model_gives_the_same_gradients_as_forward_and_backward() {
    let (x, y, params) = random_problem(16, 1, 5);
    let (loss, grads) = forward_and_backward(&x, &y, &params).unwrap();
    let mut model = Model::new(params).unwrap();
    let model_loss = model.forward(x, &y).unwrap();
    let x_grad = model.backward().unwrap();
    assert!((loss - model_loss).abs() < 1e-12);
    test_close(&x_grad, &grads.x, 1e-12).unwrap();
    test_close(&model.lin1.weight.grad, &grads.w1, 1e-12).unwrap();
    test_close(&model.lin1.bias.grad, &grads.b1, 1e-12).unwrap();
    test_close(&model.lin2.weight.grad, &grads.w2, 1e-12).unwrap();
    test_close(&model.lin2.bias.grad, &grads.b2, 1e-12).unwrap();
    assert!(
        grads.w1.iter().any(|g| g.abs() > 1e-6),
        "gradients are not all zero"
    );
}

#[test]
fn three_weight_gradients_agree() {
    let mut r = rng(6);
    let x = randn::<f32>(&mut r, 64, N_IN);
    let g = randn::<f32>(&mut r, 64, N_HIDDEN);
    let by_matmul = weight_grad_matmul(&x, &g).unwrap();
    assert_eq!(by_matmul.shape(), [N_IN, N_HIDDEN]);
    // sums of 64 products in different orders: equal up to float32 rounding
    test_near(&weight_grad_outer(&x, &g).unwrap(), &by_matmul).unwrap();
    test_near(&weight_grad_einsum(&x, &g).unwrap(), &by_matmul).unwrap();
    // one entry by hand: Σ_b x[b, 3] g[b, 7]
    let entry: f32 = (0..64).map(|b| x[[b, 3]] * g[[b, 7]]).sum();
    assert!((by_matmul[[3, 7]] - entry).abs() < 1e-4);
    let short = randn::<f32>(&mut r, 63, N_HIDDEN);
    assert!(weight_grad_outer(&x, &short).is_err());
    assert!(weight_grad_einsum(&x, &short).is_err());
    assert!(weight_grad_matmul(&x, &short).is_err());
}

#[test]
fn the_broadcast_trap_gives_an_n_by_n_difference() {
    let (x, y, params) = random_problem(5, 1, 7);
    let pred = foundations::backprop::model(&x, &params).unwrap();
    assert_eq!(pred.shape(), [5, 1]);
    let trap = mse_broadcast_trap(&pred, &y).unwrap();
    assert_eq!(trap.shape(), [5, 5]);
    let wrong = trap.mapv(|d| d * d).mean().unwrap();
    let right = mse(&pred, &y).unwrap();
    let diagonal_mean = trap.diag().mapv(|d| d * d).mean().unwrap();
    assert!(
        (right - diagonal_mean).abs() < 1e-12,
        "the fix keeps only the diagonal"
    );
    assert!((wrong - right).abs() > 1e-3, "{wrong} vs {right}");
}
