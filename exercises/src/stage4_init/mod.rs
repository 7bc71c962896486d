//! Stage 4: initialisation.
//!
//! Normalising the inputs with the training set's statistics, watching activations explode or
//! vanish through fifty layers, and the init formulas that keep them near 1.

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage4_init/18_normalize.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "18_normalize.rs")]
pub mod normalize;
#[path = "18_normalize_tests.rs"]
mod normalize_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage4_init/19_activation_drift.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "19_activation_drift.rs")]
pub mod activation_drift;
#[path = "19_activation_drift_tests.rs"]
mod activation_drift_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/stage4_init/20_init_formulas.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "20_init_formulas.rs")]
pub mod init_formulas;
#[path = "20_init_formulas_tests.rs"]
mod init_formulas_tests;
