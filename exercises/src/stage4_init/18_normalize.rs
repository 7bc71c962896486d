//! # Exercise 18: normalising the inputs
//!
//! Init formulas assume inputs with mean 0 and standard deviation 1, so the pixels are shifted
//! and scaled first: `x' = (x - mean) / std`. The mean and std come from the **training** set
//! only, and the validation set is shifted and scaled with those same two numbers: the model
//! must see both sets on the same scale, and must not peek at validation data.
//!
//! Write `mean_std` (over every element; the *population* std, dividing by `n`; accumulate in
//! `f64`, since adding millions of `f32` pixels loses precision) and the normalisation, without
//! `foundations::data::{mean_std, normalize}`.

use ndarray::Array2;

/// `(mean, std)` over all elements: `mean = Σx / n`, `std = sqrt(Σ(x - mean)² / n)`.
pub fn mean_std(x: &Array2<f32>) -> (f32, f32) {
    todo!("two passes in f64: the mean, then the squared deviations")
}

/// Both sets normalised with the training set's mean and std: `(x - mean) / std`.
pub fn normalize_with_train_stats(
    train: &Array2<f32>,
    valid: &Array2<f32>,
) -> (Array2<f32>, Array2<f32>) {
    todo!("statistics of train, applied to both")
}
