//! # Exercise 08: elementwise operations and rank-0 values
//!
//! *Elementwise* arithmetic pairs up the elements of two arrays of the same shape and combines
//! each pair: `out[i, j] = a[i, j] · b[i, j]`. Comparisons work the same way, which gives a quick
//! "is every element of `a` greater than the matching element of `b`?".
//!
//! Summing every element leaves a single number. As an array it has *rank 0*: no axes, shape
//! `[]`, one element. Turning it into a plain `f32` is a separate, explicit step.
//!
//! Write the four functions below without broadcasting: two arrays of different shapes are a
//! `foundations::Error::Shape`.

use foundations::Result;
use ndarray::{Array0, Array2};

/// `out[i, j] = a[i, j] · b[i, j]`; `a` and `b` must have the same shape.
pub fn elementwise_product(a: &Array2<f32>, b: &Array2<f32>) -> Result<Array2<f32>> {
    todo!("check the shapes, then multiply element by element")
}

/// Whether `a[i, j] > b[i, j]` holds for every element; `a` and `b` must have the same shape.
pub fn all_greater(a: &Array2<f32>, b: &Array2<f32>) -> Result<bool> {
    todo!("compare every pair")
}

/// The sum of every element, as a rank-0 array.
pub fn total(a: &Array2<f32>) -> Array0<f32> {
    todo!("sum, then wrap in a rank-0 array")
}

/// The single value of a rank-0 array, as a plain `f32`.
pub fn to_plain(value: Array0<f32>) -> f32 {
    todo!("take the one element out")
}
