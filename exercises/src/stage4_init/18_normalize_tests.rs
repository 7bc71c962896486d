//! Tests for exercise 18. Run them with `cargo run -p exercises -- run normalize`.

use foundations::data::{self, load_mnist, locate};
use foundations::tensor::test_close;
use ndarray::array;

use super::normalize::{mean_std, normalize_with_train_stats};

#[test]
fn statistics_of_a_small_matrix() {
    // mean 3; squared deviations 9, 1, 1, 9 → variance 5
    let (mean, std) = mean_std(&array![[0.0f32, 2.0], [4.0, 6.0]]);
    assert_eq!(mean, 3.0);
    assert!((std - 5f32.sqrt()).abs() < 1e-6, "{std}");
}

#[test]
fn mnist_statistics_match_the_library() {
    let mnist = load_mnist(locate("mnist_sample.pkl.gz").unwrap()).unwrap();
    let (mean, std) = mean_std(&mnist.train.x);
    let (ref_mean, ref_std) = data::mean_std(&mnist.train.x);
    assert!((mean - ref_mean).abs() < 1e-6 && (std - ref_std).abs() < 1e-6);
}

#[test]
fn training_data_ends_up_with_mean_0_and_std_1() {
    let mnist = load_mnist(locate("mnist_sample.pkl.gz").unwrap()).unwrap();
    let (train, _) = normalize_with_train_stats(&mnist.train.x, &mnist.valid.x);
    let (mean, std) = data::mean_std(&train);
    assert!(mean.abs() < 1e-4, "{mean}");
    assert!((std - 1.0).abs() < 1e-4, "{std}");
}

#[test]
fn validation_data_uses_the_training_statistics() {
    let mnist = load_mnist(locate("mnist_sample.pkl.gz").unwrap()).unwrap();
    let (_, valid) = normalize_with_train_stats(&mnist.train.x, &mnist.valid.x);
    let (mean, std) = data::mean_std(&mnist.train.x);
    let reference = data::normalize(&mnist.valid.x, mean, std);
    test_close(&valid, &reference, 1e-5).unwrap();
    // With its own statistics the validation mean would be 0 exactly; with train's it is not.
    assert!(data::mean_std(&valid).0.abs() > 1e-4);
}
