//! Tests for exercise 37. Run them with `cargo run -p exercises -- run relu_custom_op`.

use foundations::backprop::{Module, Relu};
use foundations::cross_entropy::accuracy;
use foundations::data::{load_mnist, locate, mean_std, normalize};
use foundations::init::{randn, rng};
use foundations::training::{fit_basic, mlp};
use ndarray::{Array2, array};

use super::relu_custom_op::{MyRelu, mlp_with_my_relu};

#[test]
fn forward_and_backward_match_the_library_relu() {
    let mut r = rng(64);
    let x = randn::<f32>(&mut r, 8, 20);
    let g = randn::<f32>(&mut r, 8, 20);
    let (mut mine, mut theirs) = (MyRelu::new(), Relu::<f32>::new());
    assert_eq!(mine.forward(x.clone()).unwrap(), theirs.forward(x).unwrap());
    assert_eq!(mine.backward(&g).unwrap(), theirs.backward(&g).unwrap());
    assert_eq!(
        MyRelu::new().forward(array![[-1.0, 0.0, 2.0]]).unwrap(),
        array![[0.0, 0.0, 2.0]]
    );
}

#[test]
fn misuse_is_an_error() {
    assert!(MyRelu::new().backward(&array![[1.0]]).is_err());
    let mut used = MyRelu::new();
    used.forward(array![[1.0, 2.0]]).unwrap();
    assert!(used.backward(&array![[1.0]]).is_err());
}

#[test]
fn the_model_uses_my_relu_between_the_linear_layers() {
    let model = mlp_with_my_relu(&[784, 50, 30, 10], 1).unwrap();
    assert_eq!(
        model.name(),
        "Sequential(Lin(784, 50), MyRelu, Lin(50, 30), MyRelu, Lin(30, 10))"
    );
    assert!(mlp_with_my_relu(&[784], 1).is_err());
}

/// The shipped MNIST sample, normalised with the training statistics.
fn sample() -> (Array2<f32>, Vec<usize>, Array2<f32>, Vec<usize>) {
    let mnist = load_mnist(locate("mnist_sample.pkl.gz").unwrap()).unwrap();
    let (mean, std) = mean_std(&mnist.train.x);
    (
        normalize(&mnist.train.x, mean, std),
        mnist.train.y.to_vec(),
        normalize(&mnist.valid.x, mean, std),
        mnist.valid.y.to_vec(),
    )
}

#[test]
fn training_with_my_relu_gives_the_same_numbers_and_learns() {
    let (x, y, x_valid, y_valid) = sample();
    let mut mine = mlp_with_my_relu(&[784, 50, 10], 2).unwrap();
    let mut reference = mlp(&[784, 50, 10], 2).unwrap();
    let my_history = fit_basic(&mut mine, &x, &y, 5, 64, 0.1).unwrap();
    let reference_history = fit_basic(&mut reference, &x, &y, 5, 64, 0.1).unwrap();
    assert_eq!(my_history, reference_history);
    let logits = mine.forward(x_valid).unwrap();
    let valid_accuracy = accuracy(&logits, &y_valid).unwrap();
    println!("validation accuracy with MyRelu: {valid_accuracy:.3}");
    assert!(valid_accuracy > 0.85, "{valid_accuracy}");
}
