//! # The workbook: every exercise of the course, with its tests
//!
//! Each stage of the course is a folder; each exercise in it is a file with a task statement and
//! `todo!()` bodies for you to replace, with its tests in the file beside it
//! (`01_neuron.rs` and `01_neuron_tests.rs`). Worked solutions live in `exercises/solutions/`,
//! in the same folders under the same names; `--features solutions` compiles them in place of
//! the stubs, so one set of tests checks both.
//!
//! Do not run this with plain `cargo test`: use the runner, which says which exercise passes,
//! explains failures in plain words and gives hints:
//!
//! ```text
//! cargo run -p exercises -- list
//! cargo run -p exercises -- run neuron
//! ```

// An untouched stub takes arguments and declares fields that only a finished exercise uses,
// so these two lints would flag every `todo!()`. The worked solutions build with them on.
#![cfg_attr(not(feature = "solutions"), allow(unused_variables, dead_code))]

mod research;
mod stage1_matmul;
mod stage2_broadcast;
mod stage3_einsum;
mod stage4_init;
mod stage5_backprop;
mod stage6_cross_entropy;
mod stage7_training;
