//! # Exercise 08: elementwise operations and rank-0 values (worked solution)
//!
//! `&a * &b` is ndarray's elementwise product; `Zip` walks two arrays in step, which lets
//! `all_greater` stop at the first element that is not greater.

use foundations::{Error, Result};
use ndarray::{Array0, Array2, Zip, arr0};

/// The error for two arrays that should have had the same shape.
fn check_same_shape(op: &str, a: &Array2<f32>, b: &Array2<f32>) -> Result<()> {
    if a.shape() == b.shape() {
        return Ok(());
    }
    Err(Error::Shape(format!(
        "{op}: {:?} and {:?}; expected the same shape",
        a.shape(),
        b.shape()
    )))
}

/// `out[i, j] = a[i, j] · b[i, j]`; `a` and `b` must have the same shape.
pub fn elementwise_product(a: &Array2<f32>, b: &Array2<f32>) -> Result<Array2<f32>> {
    check_same_shape("elementwise_product", a, b)?;
    Ok(a * b) // out[i,j] = a[i,j]·b[i,j]
}

/// Whether `a[i, j] > b[i, j]` holds for every element; `a` and `b` must have the same shape.
pub fn all_greater(a: &Array2<f32>, b: &Array2<f32>) -> Result<bool> {
    check_same_shape("all_greater", a, b)?;
    Ok(Zip::from(a).and(b).all(|x, y| x > y)) // ∀ i,j: a[i,j] > b[i,j]
}

/// The sum of every element, as a rank-0 array.
pub fn total(a: &Array2<f32>) -> Array0<f32> {
    arr0(a.sum())
}

/// The single value of a rank-0 array, as a plain `f32`.
pub fn to_plain(value: Array0<f32>) -> f32 {
    value.into_scalar()
}
