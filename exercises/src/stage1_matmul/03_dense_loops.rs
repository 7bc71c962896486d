//! # Exercise 03: a dense layer with plain loops
//!
//! A dense (fully connected) layer is many neurons side by side, all reading the same inputs.
//! With a batch of inputs `x` (one row per sample, `n_in` numbers each), weights `w` (`n_in`
//! rows of `n_out` numbers: column `j` holds neuron `j`'s weights) and biases `b` (`n_out`):
//!
//! `out[n][j] = Σ_i x[n][i] · w[i][j] + b[j]`
//!
//! Write it with `Vec`s, slices, loops or iterators only: no ndarray. Check the shapes first and
//! return a `foundations::Error::Shape` when a row of `x` does not have `w.len()` numbers or a row
//! of `w` does not have `b.len()` numbers. An empty batch gives an empty output.

use foundations::Result;

/// `out[n][j] = Σ_i x[n][i] · w[i][j] + b[j]` for every sample `n` and output `j`.
pub fn dense_plain(x: &[Vec<f32>], w: &[Vec<f32>], b: &[f32]) -> Result<Vec<Vec<f32>>> {
    todo!("check every row length, then one dot product per (sample, output) pair")
}
