//! Stage 2: broadcasting.
//!
//! Elementwise operations, rank-0 values, the broadcasting rules and what they do to `[1, 2] + [1]`
//! and `[1, 2] + [1, 2, 3]`, stretched views that cost no memory, new axes, the memory behind a
//! view, rows against columns, and a matmul with only one loop left.

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage2_broadcast/08_elementwise.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "08_elementwise.rs")]
pub mod elementwise;
#[path = "08_elementwise_tests.rs"]
mod elementwise_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage2_broadcast/09_broadcast_rules.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "09_broadcast_rules.rs")]
pub mod broadcast_rules;
#[path = "09_broadcast_rules_tests.rs"]
mod broadcast_rules_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage2_broadcast/10_broadcast_cases.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "10_broadcast_cases.rs")]
pub mod broadcast_cases;
#[path = "10_broadcast_cases_tests.rs"]
mod broadcast_cases_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage2_broadcast/11_expand_as.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "11_expand_as.rs")]
pub mod expand_as;
#[path = "11_expand_as_tests.rs"]
mod expand_as_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage2_broadcast/12_new_axes.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "12_new_axes.rs")]
pub mod new_axes;
#[path = "12_new_axes_tests.rs"]
mod new_axes_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage2_broadcast/13_memory_view.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "13_memory_view.rs")]
pub mod memory_view;
#[path = "13_memory_view_tests.rs"]
mod memory_view_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage2_broadcast/14_row_vs_column.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "14_row_vs_column.rs")]
pub mod row_vs_column;
#[path = "14_row_vs_column_tests.rs"]
mod row_vs_column_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage2_broadcast/15_matmul_broadcast.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "15_matmul_broadcast.rs")]
pub mod matmul_broadcast;
#[path = "15_matmul_broadcast_tests.rs"]
mod matmul_broadcast_tests;
