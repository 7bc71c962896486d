//! Tests for exercise 39. Run them with `cargo run -p exercises -- run unfold`.

use foundations::init::{randn, rng};
use foundations::tensor::test_near;
use ndarray::{Array1, Array2, Array4, Axis, array};

use super::unfold::{conv2d, output_size, unfold};

/// A seeded random `(a, b, c, d)` array.
fn random4(shape: (usize, usize, usize, usize), seed: u64) -> Array4<f32> {
    let n = shape.0 * shape.1 * shape.2 * shape.3;
    randn::<f32>(&mut rng(seed), 1, n)
        .into_shape_with_order(shape)
        .unwrap()
}

/// The convolution straight from its definition: seven nested loops, no unfold.
fn direct_conv(
    x: &Array4<f32>,
    w: &Array4<f32>,
    b: &Array1<f32>,
    s: usize,
    p: usize,
) -> Array4<f32> {
    let (n, c, h, wd) = x.dim();
    let (c_out, _, k, _) = w.dim();
    let (oh, ow) = ((h + 2 * p - k) / s + 1, (wd + 2 * p - k) / s + 1);
    Array4::from_shape_fn((n, c_out, oh, ow), |(bi, o, oy, ox)| {
        let mut sum = b[o];
        for ci in 0..c {
            for ky in 0..k {
                for kx in 0..k {
                    let (y, xx) = (
                        (oy * s + ky) as isize - p as isize,
                        (ox * s + kx) as isize - p as isize,
                    );
                    if y >= 0 && xx >= 0 && (y as usize) < h && (xx as usize) < wd {
                        sum += w[[o, ci, ky, kx]] * x[[bi, ci, y as usize, xx as usize]];
                    }
                }
            }
        }
        sum
    })
}

#[test]
fn output_sizes() {
    assert_eq!(output_size(28, 5, 2, 2), Some(14));
    assert_eq!(output_size(14, 3, 2, 1), Some(7));
    assert_eq!(output_size(5, 3, 1, 0), Some(3));
    assert_eq!(output_size(4, 3, 2, 0), Some(1)); // rounded down
    assert_eq!(output_size(2, 5, 1, 1), None); // the window is larger than the padded image
    assert_eq!(output_size(5, 3, 0, 0), None);
    assert_eq!(output_size(5, 0, 1, 0), None);
}

#[test]
fn unfold_copies_each_window_into_a_row() {
    let x = Array4::from_shape_vec((1, 1, 3, 3), (1..=9).map(|v| v as f32).collect()).unwrap();
    // [[1 2 3], [4 5 6], [7 8 9]] has four 2×2 windows
    let expected = array![
        [1.0f32, 2.0, 4.0, 5.0],
        [2.0, 3.0, 5.0, 6.0],
        [4.0, 5.0, 7.0, 8.0],
        [5.0, 6.0, 8.0, 9.0]
    ];
    assert_eq!(unfold(&x, 2, 1, 0).unwrap(), expected);
}

#[test]
fn padding_reads_zeros_and_channels_come_first_in_a_row() {
    let x = Array4::from_shape_vec((1, 2, 1, 1), vec![3.0f32, 4.0]).unwrap();
    // one pixel, two channels, 3×3 window with padding 1: the pixel sits in the middle
    let cols = unfold(&x, 3, 1, 1).unwrap();
    assert_eq!(cols.dim(), (1, 18));
    let mut expected = Array2::<f32>::zeros((1, 18));
    expected[[0, 4]] = 3.0;
    expected[[0, 9 + 4]] = 4.0;
    assert_eq!(cols, expected);
}

#[test]
fn rows_go_image_by_image() {
    let x = random4((2, 1, 4, 4), 49);
    let cols = unfold(&x, 2, 2, 0).unwrap();
    assert_eq!(cols.dim(), (2 * 2 * 2, 4));
    let second_image = unfold(&x.slice_axis(Axis(0), (1..2).into()).to_owned(), 2, 2, 0).unwrap();
    assert_eq!(cols.slice_axis(Axis(0), (4..8).into()), second_image);
}

#[test]
fn conv2d_matches_the_direct_definition() {
    let x = random4((3, 2, 9, 8), 50);
    let w = random4((4, 2, 3, 3), 51);
    let b = randn::<f32>(&mut rng(52), 1, 4).remove_axis(Axis(0));
    for (stride, padding) in [(1, 0), (1, 1), (2, 1), (3, 2)] {
        let yours = conv2d(&x, &w, &b, stride, padding).unwrap();
        test_near(&yours, &direct_conv(&x, &w, &b, stride, padding)).unwrap();
    }
}

#[test]
fn shapes_are_checked() {
    let x = random4((1, 2, 5, 5), 53);
    let b = Array1::<f32>::zeros(4);
    assert!(conv2d(&x, &random4((4, 3, 3, 3), 1), &b, 1, 0).is_err()); // 3 channels for 2
    assert!(conv2d(&x, &random4((4, 2, 3, 2), 1), &b, 1, 0).is_err()); // not square
    assert!(conv2d(&x, &random4((4, 2, 3, 3), 1), &Array1::zeros(3), 1, 0).is_err());
    assert!(conv2d(&x, &random4((4, 2, 7, 7), 1), &b, 1, 0).is_err()); // does not fit
    assert!(unfold(&x, 3, 0, 0).is_err());
}
