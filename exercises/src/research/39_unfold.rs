//! # Exercise 39: a 2D convolution from `unfold` and one matrix product
//!
//! A convolution slides a small `k × k` window over an image and, at every position, takes a
//! weighted sum of the pixels under it, one set of weights per output channel. PyTorch's
//! `unfold` copies every window out into its own row of a matrix (this is also called *im2col*);
//! after that the whole convolution is **one matrix product** with the weights.
//!
//! Images come as `x: (n, c, h, w)` (batch, channels, height, width). With stride `s` and zero
//! padding `p`, the window at output position `(oy, ox)` covers input rows
//! `oy·s - p .. oy·s - p + k` and columns `ox·s - p .. ox·s - p + k`; pixels outside the image
//! count as 0. The output size along one axis is `(size + 2p - k) / s + 1` (rounded down).
//!
//! * `output_size`: that formula, or `None` when the window does not fit at all, or for a
//!   stride or kernel of 0.
//! * `unfold`: one row per `(image b, oy, ox)` (in that nesting order: `b` slowest), one column
//!   per `(channel ci, ky, kx)` (`ci` slowest): `cols[row, col] = x[b, ci, oy·s - p + ky, ox·s - p + kx]`.
//!   (PyTorch's `unfold` returns the transpose of each image's block; the content is the same.)
//! * `conv2d`: with `weight: (c_out, c, k, k)` and `bias: (c_out,)`,
//!   `out[b, o, oy, ox] = bias[o] + Σ_{ci, ky, kx} weight[o, ci, ky, kx] · x[b, ci, oy·s - p + ky, ox·s - p + kx]`,
//!   computed as `unfold(x) · weightᵀ` (weights reshaped to `(c_out, c·k·k)`), plus the bias,
//!   then rearranged to `(n, c_out, oh, ow)`.
//!
//! Wrong shapes (weights whose channels differ from the image's, a non-square kernel, a bias of
//! the wrong length, a window that does not fit) are `foundations::Error`s.

use foundations::Result;
use ndarray::{Array1, Array2, Array4};

/// `(size + 2·padding - kernel) / stride + 1`, or `None` if the window cannot be placed.
pub fn output_size(size: usize, kernel: usize, stride: usize, padding: usize) -> Option<usize> {
    todo!("the output size formula, with its failure cases")
}

/// Every `kernel × kernel` window of every image as one row: `(n·oh·ow, c·kernel·kernel)`.
pub fn unfold(
    x: &Array4<f32>,
    kernel: usize,
    stride: usize,
    padding: usize,
) -> Result<Array2<f32>> {
    todo!("loop over images, output positions, channels and the window")
}

/// The convolution of `x` with `weight: (c_out, c, k, k)` plus `bias`, as `(n, c_out, oh, ow)`.
pub fn conv2d(
    x: &Array4<f32>,
    weight: &Array4<f32>,
    bias: &Array1<f32>,
    stride: usize,
    padding: usize,
) -> Result<Array4<f32>> {
    todo!("check shapes, unfold, one matrix product, add the bias, rearrange")
}
