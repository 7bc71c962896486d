//! The only file that talks to the symbolic engine, `symb_anafis` (Apache-2.0).
//!
//! Swapping the engine means rewriting this file and nothing else: the rest of the module
//! sees our own [`Tree`]. The engine's own printer is not used, because it drops factors
//! (`-(-x)*y` printed as `1`) and writes `(x^3)^2` as `x^3^2`.
//!
//! Every function here takes and returns our plain [`Tree`]; an engine expression exists only
//! while one operation runs. That matters because the engine interns variable names in a
//! global table and its expressions hold ids into that table, not names. In an evcxr notebook
//! every cell is compiled into its own library with its own copy of that table, which starts
//! empty, so an engine expression kept from an earlier cell holds ids that mean other names,
//! or none, in the next one (`w*x + b` built in one cell, then differentiated by `w` in a cell
//! that met `b` first, gave `1`). Rebuilt from the tree at each call, the ids are current.
//!
//! The table sits behind locks, so these functions are safe to call from many threads at
//! once (the test suite runs in parallel).

use std::collections::{BTreeSet, HashMap, HashSet};

use symb_anafis::visitor::ExprView;

use super::print::{Text, render};
use super::tree::Tree;
use crate::error::{Error, Result};

/// The engine's expression type; it never outlives one call into this file.
type Inner = symb_anafis::Expr;

fn engine_error(action: &str, tree: &Tree, err: impl std::fmt::Display) -> Error {
    Error::Symbolic(format!("cannot {action} `{}`: {err}", render(tree, &Text)))
}

/// Parses a formula with no context: every name that is not a known function is a variable.
pub(super) fn parse(text: &str) -> Result<Tree> {
    let none = HashSet::new();
    symb_anafis::parse(text, &none, &none, None)
        .map(|e| to_tree(&e))
        .map_err(|e| Error::Symbolic(format!("cannot parse `{text}`: {e}")))
}

/// True if the engine knows `name` as a function. It reads an unknown `name(t)` as the
/// product `name*t`, so a known function is one whose name does not become a variable.
pub(super) fn is_known_function(name: &str) -> bool {
    parse(&format!("{name}(t)")).is_ok_and(|tree| !tree.mentions(name))
}

/// An operation [`combine`] has the engine build; the engine flattens nested sums and
/// products, orders their terms and folds numbers together as it builds.
#[derive(Clone, Copy, Debug)]
pub(super) enum Operation {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

/// `a op b`, built by the engine.
pub(super) fn combine(a: &Tree, op: Operation, b: &Tree) -> Tree {
    let (a, b) = (to_engine(a), to_engine(b));
    let result = match op {
        Operation::Add => Inner::add_expr(a, b),
        Operation::Sub => Inner::sub_expr(a, b),
        Operation::Mul => Inner::mul_expr(a, b),
        Operation::Div => Inner::div_expr(a, b),
        Operation::Pow => Inner::pow_static(a, b),
    };
    to_tree(&result)
}

/// d(tree)/d(var), simplified by the engine.
pub(super) fn differentiate(tree: &Tree, var: &str) -> Result<Tree> {
    to_engine(tree)
        .diff(var)
        .map(|e| to_tree(&e))
        .map_err(|e| engine_error(&format!("differentiate w.r.t. {var}"), tree, e))
}

pub(super) fn simplify(tree: &Tree) -> Result<Tree> {
    to_engine(tree)
        .simplified()
        .map(|e| to_tree(&e))
        .map_err(|e| engine_error("simplify", tree, e))
}

/// `tree` with every `var` replaced by `value`, not simplified.
pub(super) fn substitute(tree: &Tree, var: &str, value: &Tree) -> Tree {
    to_tree(&to_engine(tree).substitute(var, &to_engine(value)))
}

/// The value of `tree` with the given variables set; an error names any variable left over.
pub(super) fn evaluate(tree: &Tree, values: &[(&str, f64)]) -> Result<f64> {
    let lookup: HashMap<&str, f64> = values.iter().copied().collect();
    let result = to_engine(tree).evaluate(&lookup, &HashMap::new());
    let missing: BTreeSet<String> = result.variables().into_iter().collect();
    match result.as_number() {
        Some(value) => Ok(value),
        None if missing.is_empty() => Err(Error::Symbolic(format!(
            "`{}` has no value there: it reduces to `{}` (a division by zero?)",
            render(tree, &Text),
            render(&to_tree(&result), &Text)
        ))),
        None => Err(Error::Symbolic(format!(
            "cannot evaluate `{}`: no value given for {}",
            render(tree, &Text),
            missing.into_iter().collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// Our tree as an engine expression, its names interned in the engine's table as it is now.
fn to_engine(tree: &Tree) -> Inner {
    let all = |items: &[Tree]| items.iter().map(to_engine).collect();
    match tree {
        Tree::Number(value) => Inner::number(*value),
        Tree::Symbol(name) => Inner::symbol(name),
        Tree::Call(name, args) => Inner::func_multi(name, all(args)),
        Tree::Sum(terms) => Inner::sum(all(terms)),
        Tree::Product(factors) => Inner::product(all(factors)),
        Tree::Div(num, den) => Inner::div_expr(to_engine(num), to_engine(den)),
        Tree::Pow(base, exp) => Inner::pow_static(to_engine(base), to_engine(exp)),
        Tree::Derivative { of, var, order } => Inner::derivative(to_engine(of), var, *order),
    }
}

/// The engine's expression as our own [`Tree`]: names, not ids.
fn to_tree(expr: &Inner) -> Tree {
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
