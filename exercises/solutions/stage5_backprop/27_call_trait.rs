//! # Exercise 27: `__call__` in Rust (worked solution)
//!
//! The blanket impl is the interesting line: `self` is the closure, so `self(x)` calls it. The
//! compiler accepts it next to `impl Layer for Scale` because a struct of ours can never
//! implement the `Fn` traits on stable Rust, so the two impls cannot overlap.

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
        x * self.factor
    }
}

impl<F: Fn(&Array2<f32>) -> Array2<f32>> Layer for F {
    /// A closure is applied by calling it with the input.
    fn apply(&self, x: &Array2<f32>) -> Array2<f32> {
        self(x)
    }
}

/// Layers applied one after another: `out = layers[n-1](… layers[0](x))`.
pub struct Chain(pub Vec<Box<dyn Layer>>);

impl Layer for Chain {
    /// Feeds each layer's output to the next.
    fn apply(&self, x: &Array2<f32>) -> Array2<f32> {
        self.0
            .iter()
            .fold(x.clone(), |activations, layer| layer.apply(&activations))
    }
}
