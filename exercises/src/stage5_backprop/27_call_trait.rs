//! # Exercise 27: `__call__` in Rust
//!
//! In Python any object with a `__call__` method can be called like a function, so a layer
//! object `lin` is used as `lin(x)`, exactly like a plain function `relu(x)`. Rust has no call
//! operator to overload on our own types; the idiomatic equivalent is a trait with a method
//! that both kinds of thing implement:
//!
//! * a struct, such as `Scale`, implements it directly;
//! * every closure of the right type implements it at once, through one *blanket* impl;
//! * a `Chain` of boxed layers is itself a layer, like PyTorch's `nn.Sequential`.
//!
//! Code that takes `&dyn Layer` then works with all three. Fill in the three `apply` bodies.

use ndarray::Array2;

/// Something that maps a batch to a batch: our stand-in for Python's `__call__`.
pub trait Layer {
    /// Applies the layer to `x`.
    fn apply(&self, x: &Array2<f32>) -> Array2<f32>;
}

/// Multiplies every element by `factor`.
pub struct Scale {
    /// The multiplier.
    pub factor: f32,
}

impl Layer for Scale {
    /// `out = factor · x`.
    fn apply(&self, x: &Array2<f32>) -> Array2<f32> {
        todo!("multiply by the factor")
    }
}

impl<F: Fn(&Array2<f32>) -> Array2<f32>> Layer for F {
    /// A closure is applied by calling it with the input.
    fn apply(&self, x: &Array2<f32>) -> Array2<f32> {
        todo!("call the closure")
    }
}

/// Layers applied one after another: `out = layers[n-1](… layers[0](x))`.
pub struct Chain(pub Vec<Box<dyn Layer>>);

impl Layer for Chain {
    /// Feeds each layer's output to the next.
    fn apply(&self, x: &Array2<f32>) -> Array2<f32> {
        todo!("fold x through every layer in order")
    }
}
