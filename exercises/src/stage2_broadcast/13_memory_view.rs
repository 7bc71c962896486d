//! # Exercise 13: the memory behind a view
//!
//! An ndarray view is a pointer to its first element, a shape, and one *stride* per axis: how
//! many elements further in memory the next index along that axis is. Element `(i, j)` therefore
//! lives `i·strides[0] + j·strides[1]` elements after the first one. PyTorch's `storage()` shows
//! the numbers actually stored; for an expanded tensor that is far fewer than its shape suggests.
//!
//! Write three functions on a 2-d view, using only `shape()`, `strides()` and indexing:
//! * `offsets`: the memory offset of every element, in row-major order of the view;
//! * `distinct_cells`: how many different memory cells the view reads;
//! * `stored_values`: the value in each of those cells, once each, in memory order (lowest
//!   offset first), the way `storage()` lists them.

use ndarray::ArrayView2;

/// The offset `i·strides[0] + j·strides[1]` of every element `(i, j)`, row by row.
pub fn offsets(view: &ArrayView2<'_, f32>) -> Vec<isize> {
    todo!("one offset per element")
}

/// How many different memory cells `view` reads.
pub fn distinct_cells(view: &ArrayView2<'_, f32>) -> usize {
    todo!("count the distinct offsets")
}

/// The values stored in the cells `view` reads, each cell once, lowest offset first.
pub fn stored_values(view: &ArrayView2<'_, f32>) -> Vec<f32> {
    todo!("one value per distinct offset, sorted by offset")
}
