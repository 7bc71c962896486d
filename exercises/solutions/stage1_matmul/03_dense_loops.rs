//! # Exercise 03: a dense layer with plain loops (worked solution)
//!
//! All the checks come first, so the arithmetic below can index freely. Each output is one
//! neuron applied to one sample: a dot product of the sample with a column of `w`, plus a bias.

use foundations::{Error, Result};

/// `out[n][j] = Σ_i x[n][i] · w[i][j] + b[j]` for every sample `n` and output `j`.
pub fn dense_plain(x: &[Vec<f32>], w: &[Vec<f32>], b: &[f32]) -> Result<Vec<Vec<f32>>> {
    check_lengths(x, w, b)?;
    let output_row = |sample: &Vec<f32>| -> Vec<f32> {
        (0..b.len())
            .map(|j| {
                // Σ_i x[n][i] · w[i][j], walking down column j of w.
                let dot: f32 = sample.iter().zip(w).map(|(xi, w_row)| xi * w_row[j]).sum();
                dot + b[j]
            })
            .collect()
    };
    Ok(x.iter().map(output_row).collect())
}

/// Every row of `x` must have `w.len()` entries and every row of `w` must have `b.len()`.
fn check_lengths(x: &[Vec<f32>], w: &[Vec<f32>], b: &[f32]) -> Result<()> {
    if let Some((n, row)) = x.iter().enumerate().find(|(_, row)| row.len() != w.len()) {
        return Err(Error::Shape(format!(
            "dense_plain: x[{n}] has {} numbers but w has {} rows; expected them equal",
            row.len(),
            w.len()
        )));
    }
    if let Some((i, row)) = w.iter().enumerate().find(|(_, row)| row.len() != b.len()) {
        return Err(Error::Shape(format!(
            "dense_plain: w[{i}] has {} numbers but b has {}; expected one bias per output",
            row.len(),
            b.len()
        )));
    }
    Ok(())
}
