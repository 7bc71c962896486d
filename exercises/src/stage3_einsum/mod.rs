//! Stage 3: einsum.
//!
//! Matrix products, batches, traces and diagonals in one notation, then the notation's three
//! rules implemented from scratch.

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage3_einsum/16_einsum_matmul.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "16_einsum_matmul.rs")]
pub mod einsum_matmul;
#[path = "16_einsum_matmul_tests.rs"]
mod einsum_matmul_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage3_einsum/17_einsum_rules.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "17_einsum_rules.rs")]
pub mod einsum_rules;
#[path = "17_einsum_rules_tests.rs"]
mod einsum_rules_tests;
