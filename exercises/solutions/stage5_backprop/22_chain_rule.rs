//! # Exercise 22: the chain rule (worked solution)
//!
//! The one subtle point is where `f'` is evaluated: at `u = g(x)`, the value that flowed into
//! `f` in the forward pass. That is why backpropagation needs the forward pass's intermediates.

/// `dy/dx` at `x` for `y = f(g(x))`, given `f'` (`df`), `g` and `g'` (`dg`): `f'(g(x)) · g'(x)`.
pub fn chain_rule(
    df: impl Fn(f64) -> f64,
    g: impl Fn(f64) -> f64,
    dg: impl Fn(f64) -> f64,
    x: f64,
) -> f64 {
    let u = g(x); // the forward pass through the inner function
    df(u) * dg(x) // dy/du at u, times du/dx at x
}

/// The numerical derivative of `f` at `x`: `(f(x + h) - f(x - h)) / (2h)`.
pub fn central_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x - h)) / (2.0 * h)
}
