//! # Exercise 22: the chain rule
//!
//! If `y = f(u)` and `u = g(x)`, a small change in `x` changes `u` by `g'(x)` times as much, and
//! that changes `y` by `f'(u)` times as much again:
//!
//! `dy/dx = dy/du · du/dx = f'(g(x)) · g'(x)`
//!
//! Backpropagation is this rule applied layer by layer. Write it as a function of the three
//! pieces, then the *central difference* `(f(x + h) - f(x - h)) / 2h`, the numerical derivative
//! we check every hand-written gradient against.

/// `dy/dx` at `x` for `y = f(g(x))`, given `f'` (`df`), `g` and `g'` (`dg`): `f'(g(x)) · g'(x)`.
pub fn chain_rule(
    df: impl Fn(f64) -> f64,
    g: impl Fn(f64) -> f64,
    dg: impl Fn(f64) -> f64,
    x: f64,
) -> f64 {
    todo!("the outer derivative at the inner value, times the inner derivative")
}

/// The numerical derivative of `f` at `x`: `(f(x + h) - f(x - h)) / (2h)`.
pub fn central_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    todo!("one step either side")
}
