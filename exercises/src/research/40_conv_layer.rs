//! # Exercise 40: the convolution as a layer, with its backward pass
//!
//! PyTorch differentiates `unfold` and the matrix product for us; here we write the backward pass
//! ourselves, which turns exercise 39's function into a layer that can be trained. Since
//! `out_rows = cols · W_matᵀ + b` (with `cols = unfold(x)` and `W_mat` the weights as
//! `(c_out, c·k·k)`), a linear layer's three gradients apply to each row, and then:
//!
//! * `W_mat.g = out_rows.gᵀ · cols` and `b.g = Σ_rows out_rows.g`;
//! * `cols.g = out_rows.g · W_mat`, and the input gradient is `fold(cols.g)`: every entry of
//!   `cols` was copied from one input pixel (or from the padding), so its gradient flows back to
//!   that pixel, and a pixel that appeared in several windows adds up all their gradients.
//!   `fold` is `unfold` run backwards: it *adds* each entry into the position it was read from
//!   (entries that came from the padding are dropped).
//!
//! The layer plugs into the library's `Module` trait, which passes `(n, features)` matrices: an
//! image batch arrives as `(n, c·h·w)` (each row an image in channel, row, column order) and the
//! output leaves as `(n, c_out·oh·ow)` in the same order, so `Conv2d`, `Relu` and `Lin` stack in
//! a `Sequential` without any reshaping layer. Use `unfold` from exercise 39.
//!
//! `new` draws Kaiming normal weights, `std = sqrt(2 / (c·k·k))` (`foundations::init::randn`
//! is fine), and zero biases; it fails when the window does not fit the image.

use foundations::Result;
use foundations::backprop::{Module, Param, ParamMut};
use ndarray::{Array2, Array4, Ix1, Ix4};

/// Adds every entry of `cols` (shaped like `unfold`'s output for an input of `input_shape`)
/// back into the input position it was read from; entries from the padding are dropped.
pub fn fold(
    cols: &Array2<f32>,
    input_shape: (usize, usize, usize, usize),
    kernel: usize,
    stride: usize,
    padding: usize,
) -> Result<Array4<f32>> {
    todo!("unfold's loops, with `+=` into the image instead of a read from it")
}

/// A 2D convolution layer over images flattened to rows.
#[derive(Clone, Debug)]
pub struct Conv2d {
    /// The filters, `(c_out, c, k, k)`.
    pub weight: Param<f32, Ix4>,
    /// One bias per output channel, `(c_out,)`.
    pub bias: Param<f32, Ix1>,
    /// `(c, h, w)` of one input image.
    pub input_size: (usize, usize, usize),
    /// `(c_out, oh, ow)` of one output image.
    pub output_size: (usize, usize, usize),
    /// The step between windows.
    pub stride: usize,
    /// Zero pixels added on every side.
    pub padding: usize,
    /// `unfold` of the last forward pass's input, kept for the weight gradient.
    cols: Option<Array2<f32>>,
}

impl Conv2d {
    /// A layer for `(c, h, w)` images with `out_channels` filters of `kernel × kernel`,
    /// Kaiming-normal weights drawn from a generator seeded with `seed`, and zero biases.
    pub fn new(
        input_size: (usize, usize, usize),
        out_channels: usize,
        kernel: usize,
        stride: usize,
        padding: usize,
        seed: u64,
    ) -> Result<Self> {
        todo!("check the window fits, draw the weights, work out the output size")
    }
}

impl Module<f32> for Conv2d {
    fn name(&self) -> String {
        let (c, _, _) = self.input_size;
        let (c_out, _, _) = self.output_size;
        format!("Conv2d({c}, {c_out}, stride {})", self.stride)
    }

    /// `(n, c·h·w)` → `(n, c_out·oh·ow)`: unfold, multiply by the weights, add the bias, keep `cols`.
    fn forward(&mut self, input: Array2<f32>) -> Result<Array2<f32>> {
        todo!("reshape to images, unfold, one matrix product, rearrange to channel-first rows")
    }

    /// Adds the weight and bias gradients; returns the input gradient `(n, c·h·w)`.
    fn backward(&mut self, out_grad: &Array2<f32>) -> Result<Array2<f32>> {
        todo!("rearrange out.g to one row per window, then the three gradients and fold")
    }

    fn parameters(&mut self) -> Vec<ParamMut<'_, f32>> {
        vec![self.weight.view_mut("weight"), self.bias.view_mut("bias")]
    }
}
