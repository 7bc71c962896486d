//! Tests for exercise 22. Run them with `cargo run -p exercises -- run chain_rule`.

use foundations::symbolic::{Expr, chain_rule as symbolic_chain_rule};

use super::chain_rule::{central_difference, chain_rule};

#[test]
fn three_u_plus_nine_of_x_squared() {
    // y = 3u + 9, u = x²: dy/dx = 3 · 2x = 6x, as the symbolic sidebar derives.
    let steps = symbolic_chain_rule(
        &Expr::parse("3*u + 9").unwrap(),
        &Expr::parse("x^2").unwrap(),
        "u",
        "x",
    )
    .unwrap();
    for x in [-2.0, 0.5, 3.0] {
        let yours = chain_rule(|_u| 3.0, |x| x * x, |x| 2.0 * x, x);
        let symbolic = steps.simplified.eval(&[("x", x)]).unwrap();
        assert!(
            (yours - symbolic).abs() < 1e-12,
            "x = {x}: {yours} vs {symbolic}"
        );
    }
}

#[test]
fn the_outer_derivative_is_taken_at_the_inner_value() {
    // y = exp(u), u = 2x + 1: dy/dx = exp(2x + 1) · 2
    let x = 0.3f64;
    let expected = 2.0 * (2.0 * x + 1.0).exp();
    let yours = chain_rule(f64::exp, |x| 2.0 * x + 1.0, |_x| 2.0, x);
    assert!((yours - expected).abs() < 1e-12);
}

#[test]
fn central_differences_are_accurate_to_h_squared() {
    // d/dx x³ = 3x² = 12 at x = 2; the error of the central difference is h² = 1e-6 here.
    let numeric = central_difference(|x| x.powi(3), 2.0, 1e-3);
    assert!((numeric - 12.0).abs() < 2e-6, "{numeric}");
    assert!((central_difference(f64::sin, 0.0, 1e-4) - 1.0).abs() < 1e-8);
}

#[test]
fn the_chain_rule_agrees_with_the_numbers() {
    // The squared error of a one-weight linear model: loss(w) = (w·x + b - y)², u = w·x + b - y.
    let (x, b, y) = (1.5, 0.2, 2.0);
    let loss = |w: f64| (w * x + b - y).powi(2);
    for w in [-1.0, 0.0, 0.7, 2.0] {
        let analytic = chain_rule(|u| 2.0 * u, |w| w * x + b - y, |_w| x, w);
        let numeric = central_difference(loss, w, 1e-5);
        assert!(
            (analytic - numeric).abs() < 1e-6,
            "w = {w}: {analytic} vs {numeric}"
        );
    }
}
