//! # Exercise 13: the memory behind a view (worked solution)
//!
//! A `BTreeMap` from offset to value does both jobs at once: repeated offsets collapse into one
//! entry, and iterating it goes from the lowest offset up, which is memory order.

use std::collections::BTreeMap;

use ndarray::ArrayView2;

/// The offset `i·strides[0] + j·strides[1]` of every element `(i, j)`, row by row.
pub fn offsets(view: &ArrayView2<'_, f32>) -> Vec<isize> {
    let (rows, cols) = view.dim();
    let (row_stride, col_stride) = (view.strides()[0], view.strides()[1]);
    (0..rows)
        .flat_map(|i| (0..cols).map(move |j| i as isize * row_stride + j as isize * col_stride))
        .collect()
}

/// Every memory cell `view` reads, by offset, with the value stored there.
fn cells(view: &ArrayView2<'_, f32>) -> BTreeMap<isize, f32> {
    offsets(view)
        .into_iter()
        .zip(view.iter().copied())
        .collect()
}

/// How many different memory cells `view` reads.
pub fn distinct_cells(view: &ArrayView2<'_, f32>) -> usize {
    cells(view).len()
}

/// The values stored in the cells `view` reads, each cell once, lowest offset first.
pub fn stored_values(view: &ArrayView2<'_, f32>) -> Vec<f32> {
    cells(view).into_values().collect()
}
