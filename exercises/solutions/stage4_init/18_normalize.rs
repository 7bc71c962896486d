//! # Exercise 18: normalising the inputs (worked solution)
//!
//! Two passes: the mean first, then the squared deviations from it. (One pass with Σx and Σx²
//! is shorter but loses precision when the mean is large compared with the spread.)

use ndarray::Array2;

/// `(mean, std)` over all elements: `mean = Σx / n`, `std = sqrt(Σ(x - mean)² / n)`.
pub fn mean_std(x: &Array2<f32>) -> (f32, f32) {
    let n = x.len() as f64;
    let mean = x.iter().map(|&v| f64::from(v)).sum::<f64>() / n; // Σx / n
    let variance = x
        .iter()
        .map(|&v| (f64::from(v) - mean).powi(2))
        .sum::<f64>()
        / n; // Σ(x - mean)² / n
    (mean as f32, variance.sqrt() as f32)
}

/// Both sets normalised with the training set's mean and std: `(x - mean) / std`.
pub fn normalize_with_train_stats(
    train: &Array2<f32>,
    valid: &Array2<f32>,
) -> (Array2<f32>, Array2<f32>) {
    let (mean, std) = mean_std(train); // the training set's statistics only
    let scale = |x: &Array2<f32>| x.mapv(|v| (v - mean) / std);
    (scale(train), scale(valid))
}
