//! # Exercise 39: a 2D convolution from `unfold` and one matrix product (worked solution)
//!
//! `unfold` does all the indexing; `conv2d` is then a matrix product and two reshapes. The
//! padding is never materialised: an index that falls outside the image simply leaves a 0.

use foundations::{Error, Result};
use ndarray::{Array1, Array2, Array4};

/// `(size + 2·padding - kernel) / stride + 1`, or `None` if the window cannot be placed.
pub fn output_size(size: usize, kernel: usize, stride: usize, padding: usize) -> Option<usize> {
    let padded = size + 2 * padding;
    if stride == 0 || kernel == 0 || kernel > padded {
        return None;
    }
    Some((padded - kernel) / stride + 1)
}

/// The output height and width for an image of `h × w`, or an error naming the sizes.
fn output_hw(
    h: usize,
    w: usize,
    kernel: usize,
    stride: usize,
    padding: usize,
) -> Result<(usize, usize)> {
    match (
        output_size(h, kernel, stride, padding),
        output_size(w, kernel, stride, padding),
    ) {
        (Some(oh), Some(ow)) => Ok((oh, ow)),
        _ => Err(Error::Invalid(format!(
            "a {kernel}×{kernel} window with stride {stride} and padding {padding} does not \
             fit a {h}×{w} image; expected a kernel and stride of at least 1 and \
             kernel <= size + 2·padding"
        ))),
    }
}

/// The pixel `x[b, ci, row, col]` for a row and column that may lie in the padding (then 0).
fn pixel(x: &Array4<f32>, b: usize, ci: usize, row: isize, col: isize) -> f32 {
    let (_, _, h, w) = x.dim();
    if row < 0 || col < 0 || row as usize >= h || col as usize >= w {
        return 0.0; // zero padding
    }
    x[[b, ci, row as usize, col as usize]]
}

/// Every `kernel × kernel` window of every image as one row: `(n·oh·ow, c·kernel·kernel)`.
pub fn unfold(
    x: &Array4<f32>,
    kernel: usize,
    stride: usize,
    padding: usize,
) -> Result<Array2<f32>> {
    let (n, c, h, w) = x.dim();
    let (oh, ow) = output_hw(h, w, kernel, stride, padding)?;
    let mut cols = Array2::zeros((n * oh * ow, c * kernel * kernel));
    for (row, mut window) in cols.rows_mut().into_iter().enumerate() {
        let (b, oy, ox) = (row / (oh * ow), (row / ow) % oh, row % ow);
        let (top, left) = (
            (oy * stride) as isize - padding as isize,
            (ox * stride) as isize - padding as isize,
        );
        for (col, value) in window.iter_mut().enumerate() {
            let (ci, ky, kx) = (
                col / (kernel * kernel),
                (col / kernel) % kernel,
                col % kernel,
            );
            // cols[row, col] = x[b, ci, oy·s - p + ky, ox·s - p + kx]
            *value = pixel(x, b, ci, top + ky as isize, left + kx as isize);
        }
    }
    Ok(cols)
}

/// The convolution of `x` with `weight: (c_out, c, k, k)` plus `bias`, as `(n, c_out, oh, ow)`.
pub fn conv2d(
    x: &Array4<f32>,
    weight: &Array4<f32>,
    bias: &Array1<f32>,
    stride: usize,
    padding: usize,
) -> Result<Array4<f32>> {
    let (n, c, h, w) = x.dim();
    let (c_out, c_in, k, k2) = weight.dim();
    if c_in != c || k != k2 || bias.len() != c_out {
        return Err(Error::Shape(format!(
            "conv2d: image {:?}, weights {:?}, bias {:?}; expected weights (c_out, {c}, k, k) \
             and a bias of length c_out",
            x.shape(),
            weight.shape(),
            bias.shape()
        )));
    }
    let (oh, ow) = output_hw(h, w, k, stride, padding)?;
    let cols = unfold(x, k, stride, padding)?; // (n·oh·ow, c·k·k)
    let w_mat = weight
        .to_shape((c_out, c * k * k))
        .map_err(|e| Error::Shape(format!("conv2d: {e}")))?; // one row of weights per output channel
    let out = cols.dot(&w_mat.t()) + bias; // (n·oh·ow, c_out): every window times every filter
    let out = out
        .into_shape_with_order((n, oh, ow, c_out))
        .map_err(|e| Error::Shape(format!("conv2d: {e}")))?;
    // channels last → channels first, in a fresh row-major array
    Ok(out
        .permuted_axes([0, 3, 1, 2])
        .as_standard_layout()
        .into_owned())
}
