//! Stage 1: matrix multiplication.
//!
//! A neuron, ReLU, a dense layer written with plain loops and with one matrix product, the
//! transpose, matmul with three loops, and timing it against ndarray's optimised product.

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage1_matmul/01_neuron.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "01_neuron.rs")]
pub mod neuron;
#[path = "01_neuron_tests.rs"]
mod neuron_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage1_matmul/02_relu.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "02_relu.rs")]
pub mod relu;
#[path = "02_relu_tests.rs"]
mod relu_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage1_matmul/03_dense_loops.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "03_dense_loops.rs")]
pub mod dense_loops;
#[path = "03_dense_loops_tests.rs"]
mod dense_loops_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage1_matmul/04_dense_matmul.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "04_dense_matmul.rs")]
pub mod dense_matmul;
#[path = "04_dense_matmul_tests.rs"]
mod dense_matmul_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage1_matmul/05_transpose.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "05_transpose.rs")]
pub mod transpose;
#[path = "05_transpose_tests.rs"]
mod transpose_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage1_matmul/06_matmul_loops.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "06_matmul_loops.rs")]
pub mod matmul_loops;
#[path = "06_matmul_loops_tests.rs"]
mod matmul_loops_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage1_matmul/07_timing.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "07_timing.rs")]
pub mod timing;
#[path = "07_timing_tests.rs"]
mod timing_tests;
