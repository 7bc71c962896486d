//! Further research.
//!
//! ReLU as a custom operation used in training, the linear layer's gradients derived from the
//! maths and mapped to code, a 2D convolution built from `unfold` and a matrix product, its
//! backward pass, and a small CNN trained with it on MNIST.

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/research/37_relu_custom_op.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "37_relu_custom_op.rs")]
pub mod relu_custom_op;
#[path = "37_relu_custom_op_tests.rs"]
mod relu_custom_op_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/research/38_linear_grads_maths.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "38_linear_grads_maths.rs")]
pub mod linear_grads_maths;
#[path = "38_linear_grads_maths_tests.rs"]
mod linear_grads_maths_tests;

#[cfg_attr(feature = "solutions", path = "../../solutions/research/39_unfold.rs")]
#[cfg_attr(not(feature = "solutions"), path = "39_unfold.rs")]
pub mod unfold;
#[path = "39_unfold_tests.rs"]
mod unfold_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/research/40_conv_layer.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "40_conv_layer.rs")]
pub mod conv_layer;
#[path = "40_conv_layer_tests.rs"]
mod conv_layer_tests;

#[cfg_attr(
    feature = "solutions",
    path = "../../solutions/research/41_cnn_mnist.rs"
)]
#[cfg_attr(not(feature = "solutions"), path = "41_cnn_mnist.rs")]
pub mod cnn_mnist;
#[path = "41_cnn_mnist_tests.rs"]
mod cnn_mnist_tests;
