//! # Exercise 40: the convolution as a layer, with its backward pass (worked solution)
//!
//! Rows of `unfold` and rows of the output pair up one to one (one window, one output position),
//! so the layer is a linear layer applied to every window. The only other work is moving the
//! output channels between "last" (how the product produces them) and "first" (how images are
//! laid out in a row), in both directions.

use foundations::backprop::{Module, Param, ParamMut};
use foundations::init::{randn, rng};
use foundations::{Error, Result};
use ndarray::{Array1, Array2, Array4, Axis, Ix1, Ix4};

use super::unfold::{output_size, unfold};

/// A reshape error as a crate error (the shapes are checked before, so this is a safety net).
fn reshape_error(e: ndarray::ShapeError) -> Error {
    Error::Shape(format!("Conv2d: {e}"))
}

/// Adds every entry of `cols` (shaped like `unfold`'s output for an input of `input_shape`)
/// back into the input position it was read from; entries from the padding are dropped.
pub fn fold(
    cols: &Array2<f32>,
    input_shape: (usize, usize, usize, usize),
    kernel: usize,
    stride: usize,
    padding: usize,
) -> Result<Array4<f32>> {
    let (n, c, h, w) = input_shape;
    let (oh, ow) = match (
        output_size(h, kernel, stride, padding),
        output_size(w, kernel, stride, padding),
    ) {
        (Some(oh), Some(ow)) if cols.dim() == (n * oh * ow, c * kernel * kernel) => (oh, ow),
        _ => {
            return Err(Error::Shape(format!(
                "fold: columns {:?} do not come from unfolding {input_shape:?} with a \
                 {kernel}×{kernel} window, stride {stride} and padding {padding}",
                cols.shape()
            )));
        }
    };
    let mut x = Array4::zeros(input_shape);
    for (row, window) in cols.rows().into_iter().enumerate() {
        let (b, oy, ox) = (row / (oh * ow), (row / ow) % oh, row % ow);
        for (col, &value) in window.iter().enumerate() {
            let (ci, ky, kx) = (
                col / (kernel * kernel),
                (col / kernel) % kernel,
                col % kernel,
            );
            let (y, xx) = (
                (oy * stride + ky).checked_sub(padding),
                (ox * stride + kx).checked_sub(padding),
            );
            if let (Some(y), Some(xx)) = (y, xx)
                && y < h
                && xx < w
            {
                x[[b, ci, y, xx]] += value; // the pixel this entry was copied from
            }
        }
    }
    Ok(x)
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
        let (c, h, w) = input_size;
        let (Some(oh), Some(ow)) = (
            output_size(h, kernel, stride, padding),
            output_size(w, kernel, stride, padding),
        ) else {
            return Err(Error::Invalid(format!(
                "Conv2d::new: a {kernel}×{kernel} window with stride {stride} and padding \
                 {padding} does not fit {h}×{w} images"
            )));
        };
        let fan_in = c * kernel * kernel;
        let std = (2.0 / fan_in as f32).sqrt(); // Kaiming: sqrt(2 / fan_in)
        let weight = (randn::<f32>(&mut rng(seed), out_channels, fan_in) * std)
            .into_shape_with_order((out_channels, c, kernel, kernel))
            .map_err(reshape_error)?;
        Ok(Conv2d {
            weight: Param::new(weight),
            bias: Param::new(Array1::zeros(out_channels)),
            input_size,
            output_size: (out_channels, oh, ow),
            stride,
            padding,
            cols: None,
        })
    }

    /// The kernel size `k`.
    fn kernel(&self) -> usize {
        self.weight.value.dim().2
    }

    /// The weights as one row per filter, `(c_out, c·k·k)` (a view: they are row-major).
    fn weight_matrix(&self) -> Result<ndarray::CowArray<'_, f32, ndarray::Ix2>> {
        let (c_out, c, k, _) = self.weight.value.dim();
        self.weight
            .value
            .to_shape((c_out, c * k * k))
            .map_err(reshape_error)
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
        let (c, h, w) = self.input_size;
        let (c_out, oh, ow) = self.output_size;
        let n = input.nrows();
        if input.ncols() != c * h * w {
            return Err(Error::Shape(format!(
                "{}: input {:?}; expected rows of {c}·{h}·{w} = {} pixels",
                self.name(),
                input.shape(),
                c * h * w
            )));
        }
        let images = input
            .to_shape((n, c, h, w))
            .map_err(reshape_error)?
            .into_owned();
        let cols = unfold(&images, self.kernel(), self.stride, self.padding)?; // (n·oh·ow, c·k·k)
        let out = cols.dot(&self.weight_matrix()?.t()) + &self.bias.value; // (n·oh·ow, c_out)
        self.cols = Some(cols);
        let out = out
            .into_shape_with_order((n, oh * ow, c_out))
            .map_err(reshape_error)?;
        // channels last → channels first, then one row per image
        let out = out
            .permuted_axes([0, 2, 1])
            .as_standard_layout()
            .into_owned();
        out.into_shape_with_order((n, c_out * oh * ow))
            .map_err(reshape_error)
    }

    /// Adds the weight and bias gradients; returns the input gradient `(n, c·h·w)`.
    fn backward(&mut self, out_grad: &Array2<f32>) -> Result<Array2<f32>> {
        let cols = self.cols.as_ref().ok_or_else(|| {
            Error::Invalid(format!("{}: backward called before forward", self.name()))
        })?;
        let (c, h, w) = self.input_size;
        let (c_out, oh, ow) = self.output_size;
        let n = cols.nrows() / (oh * ow);
        if out_grad.dim() != (n, c_out * oh * ow) {
            return Err(Error::Shape(format!(
                "{}: output gradient {:?}; expected ({n}, {})",
                self.name(),
                out_grad.shape(),
                c_out * oh * ow
            )));
        }
        // channels first → channels last: one row per window, like the forward product
        let grad_rows = out_grad
            .to_shape((n, c_out, oh * ow))
            .map_err(reshape_error)?
            .permuted_axes([0, 2, 1])
            .as_standard_layout()
            .into_owned()
            .into_shape_with_order((n * oh * ow, c_out))
            .map_err(reshape_error)?;
        let w_mat = self.weight_matrix()?;
        let weight_grad = grad_rows.t().dot(cols); // W_mat.g = out.gᵀ · cols
        let cols_grad = grad_rows.dot(&w_mat); // cols.g = out.g · W_mat
        let k = self.kernel();
        self.weight.grad += &weight_grad
            .into_shape_with_order((c_out, c, k, k))
            .map_err(reshape_error)?;
        self.bias.grad += &grad_rows.sum_axis(Axis(0)); // b.g = Σ_rows out.g
        let input_grad = fold(&cols_grad, (n, c, h, w), k, self.stride, self.padding)?;
        input_grad
            .into_shape_with_order((n, c * h * w))
            .map_err(reshape_error)
    }

    fn parameters(&mut self) -> Vec<ParamMut<'_, f32>> {
        vec![self.weight.view_mut("weight"), self.bias.view_mut("bias")]
    }
}
