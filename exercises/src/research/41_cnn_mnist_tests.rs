//! Tests for exercise 41. Run them with `cargo run -p exercises -- run cnn_mnist`.
//!
//! Training needs `mnist10k.pkl.gz`: set `FOUNDATIONS_DATA` to the folder that holds it.

use std::time::Instant;

use foundations::backprop::Module;
use foundations::data::{load_mnist, locate};
use ndarray::Array2;

use super::cnn_mnist::{cnn, train_cnn};

#[test]
fn the_network_maps_images_to_ten_scores() {
    let mut model = cnn(0).unwrap();
    assert_eq!(
        model.name(),
        "Sequential(Conv2d(1, 8, stride 2), Relu, Conv2d(8, 16, stride 2), Relu, Lin(784, 10))"
    );
    let logits = model.forward(Array2::zeros((3, 784))).unwrap();
    assert_eq!(logits.dim(), (3, 10));
    assert_eq!(model.parameters().len(), 6);
}

#[test]
fn two_epochs_reach_ninety_percent_on_mnist10k() {
    let mnist = locate("mnist10k.pkl.gz")
        .and_then(load_mnist)
        .unwrap_or_else(|e| panic!("{e}"));
    let start = Instant::now();
    let history = train_cnn(&mnist, 2, 0.1, 0).unwrap();
    let seconds = start.elapsed().as_secs_f64();
    let last = history.last().unwrap();
    println!(
        "CNN on {} training images, {} epochs: validation accuracy {:.4} in {seconds:.1} s",
        mnist.train.len(),
        history.len(),
        last.valid_accuracy
    );
    assert_eq!(history.len(), 2);
    assert!(last.valid_accuracy >= 0.90, "{last}");
}
