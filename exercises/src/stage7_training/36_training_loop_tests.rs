//! Tests for exercise 36. Run them with `cargo run -p exercises -- run training_loop`.

use foundations::Error;
use foundations::backprop::Module;
use foundations::cross_entropy::accuracy;
use foundations::data::{load_mnist, locate, mean_std, normalize};
use foundations::training::{fit_basic, mlp};
use ndarray::Array2;

use super::training_loop::fit;

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
fn reproduces_the_library_loop_exactly() {
    let (x, y, _, _) = sample();
    let mut yours = mlp(&[784, 50, 10], 1).unwrap();
    let mut reference = mlp(&[784, 50, 10], 1).unwrap();
    let your_stats = fit(&mut yours, &x, &y, 2, 64, 0.5).unwrap();
    let expected = fit_basic(&mut reference, &x, &y, 2, 64, 0.5).unwrap();
    assert_eq!(your_stats.len(), 2);
    for ((loss, acc), (ref_loss, ref_acc)) in your_stats.iter().zip(&expected) {
        assert!(
            (loss - ref_loss).abs() < 1e-4 * ref_loss.abs().max(1.0),
            "{loss} vs {ref_loss}"
        );
        assert!((acc - ref_acc).abs() < 1e-9, "{acc} vs {ref_acc}");
    }
}

#[test]
fn the_trained_model_recognises_unseen_digits() {
    let (x, y, x_valid, y_valid) = sample();
    let mut model = mlp(&[784, 50, 10], 2).unwrap();
    fit(&mut model, &x, &y, 5, 64, 0.1).unwrap();
    let logits = model.forward(x_valid).unwrap();
    let valid_accuracy = accuracy(&logits, &y_valid).unwrap();
    println!("validation accuracy after 5 epochs on 2000 digits: {valid_accuracy:.3}");
    assert!(valid_accuracy > 0.85, "{valid_accuracy}");
}

#[test]
fn bad_arguments_are_errors() {
    let mut model = mlp(&[4, 2], 3).unwrap();
    let x = Array2::<f32>::zeros((3, 4));
    let y = vec![0usize; 3];
    assert!(matches!(
        fit(&mut model, &x, &y, 1, 0, 0.1),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        fit(&mut model, &x, &[0, 0], 1, 2, 0.1),
        Err(Error::Invalid(_))
    ));
}
