//! The only file that talks to the symbolic engine, `symb_anafis` (Apache-2.0).
//!
//! Swapping the engine means rewriting this file and nothing else: the rest of the module
//! sees our own `Expr` and a [`Tree`] to print. The engine's own printer is not used, because
//! it drops factors (`-(-x)*y` printed as `1`) and writes `(x^3)^2` as `x^3^2`.
//!
//! The engine keeps a global symbol table behind locks, so it is safe to call from many
//! threads at once (the test suite runs in parallel).

use std::collections::{BTreeSet, HashMap, HashSet};

use symb_anafis::visitor::ExprView;

use super::print::{Text, render};
use super::tree::Tree;
use crate::error::{Error, Result};

/// The engine's expression type; it never leaves the `symbolic` module.
pub(super) type Inner = symb_anafis::Expr;

fn engine_error(action: &str, formula: &str, err: impl std::fmt::Display) -> Error {
    Error::Symbolic(format!("cannot {action} `{formula}`: {err}"))
}

/// Parses a formula with no context: every name that is not a known function is a variable.
pub(super) fn parse(text: &str) -> Result<Inner> {
    let none = HashSet::new();
    symb_anafis::parse(text, &none, &none, None).map_err(|e| engine_error("parse", text, e))
}

/// True if the engine knows `name` as a function. It reads an unknown `name(t)` as the
/// product `name*t`, so a known function is one whose name does not become a variable.
pub(super) fn is_known_function(name: &str) -> bool {
    parse(&format!("{name}(t)")).is_ok_and(|e| !e.variables().contains(name))
}

pub(super) fn number(value: f64) -> Inner {
    Inner::number(value)
}

pub(super) fn symbol(name: &str) -> Inner {
    Inner::symbol(name)
}

pub(super) fn add(a: Inner, b: Inner) -> Inner {
    Inner::add_expr(a, b)
}

pub(super) fn sub(a: Inner, b: Inner) -> Inner {
    Inner::sub_expr(a, b)
}

pub(super) fn mul(a: Inner, b: Inner) -> Inner {
    Inner::mul_expr(a, b)
}

pub(super) fn div(a: Inner, b: Inner) -> Inner {
    Inner::div_expr(a, b)
}

pub(super) fn pow(base: Inner, exponent: Inner) -> Inner {
    Inner::pow_static(base, exponent)
}

/// d(expr)/d(var), simplified by the engine.
pub(super) fn differentiate(expr: &Inner, var: &str) -> Result<Inner> {
    expr.diff(var)
        .map_err(|e| engine_error(&format!("differentiate w.r.t. {var}"), &text(expr), e))
}

pub(super) fn simplify(expr: &Inner) -> Result<Inner> {
    expr.simplified()
        .map_err(|e| engine_error("simplify", &text(expr), e))
}

/// `expr` with every `var` replaced by `value`, not simplified.
pub(super) fn substitute(expr: &Inner, var: &str, value: &Inner) -> Inner {
    expr.substitute(var, value)
}

/// The variables `expr` mentions, sorted by name.
pub(super) fn variables(expr: &Inner) -> BTreeSet<String> {
    expr.variables().into_iter().collect()
}

/// The value of `expr` with the given variables set; an error names any variable left over.
pub(super) fn evaluate(expr: &Inner, values: &[(&str, f64)]) -> Result<f64> {
    let lookup: HashMap<&str, f64> = values.iter().copied().collect();
    let result = expr.evaluate(&lookup, &HashMap::new());
    let missing: Vec<String> = variables(&result).into_iter().collect();
    match result.as_number() {
        Some(value) => Ok(value),
        None if missing.is_empty() => Err(Error::Symbolic(format!(
            "`{}` has no value there: it reduces to `{}` (a division by zero?)",
            text(expr),
            text(&result)
        ))),
        None => Err(Error::Symbolic(format!(
            "cannot evaluate `{}`: no value given for {}",
            text(expr),
            missing.join(", ")
        ))),
    }
}

/// `expr` in our plain-text notation, for error messages.
fn text(expr: &Inner) -> String {
    render(&to_tree(expr), &Text)
}

/// The engine's expression as our printable [`Tree`].
pub(super) fn to_tree(expr: &Inner) -> Tree {
    let all = |items: &[std::sync::Arc<Inner>]| items.iter().map(|e| to_tree(e)).collect();
    match expr.view() {
        ExprView::Number(value) => Tree::Number(value),
        ExprView::Symbol(name) => Tree::Symbol(name.into_owned()),
        ExprView::Function { name, args } => Tree::Call(name.to_string(), all(args)),
        ExprView::Sum(terms) => Tree::sum(all(&terms)),
        ExprView::Product(factors) => Tree::product(all(&factors)),
        ExprView::Div(num, den) => Tree::Div(Box::new(to_tree(num)), Box::new(to_tree(den))),
        ExprView::Pow(base, exp) => Tree::Pow(Box::new(to_tree(base)), Box::new(to_tree(exp))),
        ExprView::Derivative { inner, var, order } => Tree::Derivative {
            of: Box::new(to_tree(inner)),
            var: var.to_string(),
            order,
        },
    }
}
