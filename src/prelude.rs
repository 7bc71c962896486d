//! Everything a notebook needs, in one `use foundations::prelude::*;`.

pub use crate::error::{Error, Result};
pub use crate::tensor::{Float, Timing, show, test_close, test_near, test_near_zero, timeit};
pub use ndarray::{Array, Array1, Array2, ArrayView1, ArrayView2, Axis, array, s};
