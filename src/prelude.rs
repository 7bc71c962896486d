//! Everything a notebook needs, in one `use foundations::prelude::*;`.
//!
//! Modules are re-exported too, so the less common items stay one path away
//! (`broadcast::BROADCAST_RULES`, `einsum::einsum_general`, `data::write_mnist`, ...).

pub use crate::backprop::{
    self, GradCheck, GradReport, Grads, Lin, MlpParams, Model, Module, Mse, Param, Relu,
    forward_and_backward, lin, lin_grad, model, mse, mse_broadcast_trap, mse_grad, relu, relu_grad,
    weight_grad_einsum, weight_grad_matmul, weight_grad_outer,
};
pub use crate::broadcast::{
    self, add_col_vector, add_row_vector, as_column, as_row, broadcast_shape, expand_as,
    explain_broadcast, matmul_broadcast, shares_memory, stored_values, strides_of,
};
pub use crate::cross_entropy::{
    self, accuracy, argmax, cross_entropy, cross_entropy_grad, log_softmax, log_softmax_log_rule,
    log_softmax_naive, logsumexp, nll, softmax,
};
pub use crate::data::{self, Mnist, Split, load_mnist, locate, mean_std, normalize};
pub use crate::einsum::{self, einsum};
pub use crate::error::{Error, Result};
pub use crate::fast::{self, FastMlp};
pub use crate::init::{
    self, Activation, LayerStats, Rng, WeightScale, deep_stack, gain, kaiming_normal,
    kaiming_uniform, randn, rng, uniform, xavier_normal, xavier_uniform,
};
pub use crate::ladder::{
    self, gflops, matmul_blocked, matmul_flops, matmul_ikj, matmul_ikj_zip,
    peak::{Peak, measure_peaks},
    rate_line,
};
pub use crate::listing::{Listing, listing};
pub use crate::matmul_loops::{
    self, MatmulDims, check_matmul_shapes, matmul_dot, matmul_loops, matmul_rowcol,
};
pub use crate::plot::{self, DigitGrid, Figure, HeatMap, LineChart, Panel};
pub use crate::symbolic::{self, ChainRuleSteps, Expr, Piecewise, chain_rule};
pub use crate::tensor::{Float, Timing, show, test_close, test_near, test_near_zero, timeit};
pub use crate::training::{
    self, ActivationStats, Batch, DataLoader, Dataset, EpochStats, Hook, Learner, NoHook,
    Sequential, Sgd, fit_basic, mlp,
};
pub use ndarray::{Array, Array1, Array2, ArrayD, ArrayView1, ArrayView2, Axis, NewAxis, array, s};
pub use std::sync::Arc;
