//! [`Expr`]: a formula you can parse or build, differentiate, simplify, substitute into,
//! evaluate, and print as text or LaTeX.

use std::fmt;
use std::ops::{Add, Div, Mul, Sub};

use super::engine::{self, Operation};
use super::print::{Latex, Text, render};
use super::tree::Tree;
use crate::error::{Error, Result};

/// A symbolic formula in one or more variables, such as `3*x^2 + 9`.
///
/// ```
/// use foundations::symbolic::Expr;
/// let y = Expr::parse("3*x^2 + 9")?;
/// assert_eq!(y.diff("x")?.to_string(), "6*x");
/// assert_eq!(y.to_latex(), "3 x^{2} + 9");
/// # Ok::<(), foundations::Error>(())
/// ```
///
/// An `Expr` is plain data, our own tree of numbers, names and operations: it holds nothing
/// of the engine's, so one built in a notebook cell works the same in any later cell.
#[derive(Clone)]
pub struct Expr(Tree);

impl Expr {
    /// Reads a formula written with `+ - * / ^`, brackets, numbers, variable names and the
    /// usual functions (`sin`, `exp`, `ln`, `sqrt`, `abs`, ...).
    ///
    /// Fails with [`Error::Symbolic`] on bad syntax, unbalanced brackets, or a call of a
    /// function the engine does not know, such as `max(x, 0)` or `relu(x)` (the engine would
    /// silently read `relu(x)` as the product `relu*x`); ReLU is [`super::Piecewise::relu`].
    pub fn parse(text: &str) -> Result<Expr> {
        check_brackets(text)?;
        check_function_calls(text)?;
        engine::parse(text).map(Expr)
    }

    /// The variable `name`, for building formulas with `+ - * /` and [`Expr::pow`].
    pub fn symbol(name: &str) -> Result<Expr> {
        check_name(name)?;
        Ok(Expr(Tree::Symbol(name.to_string())))
    }

    /// The constant `value`.
    pub fn number(value: f64) -> Expr {
        Expr(Tree::Number(value))
    }

    /// `self ^ exponent`.
    pub fn pow(&self, exponent: f64) -> Expr {
        Expr(engine::combine(
            &self.0,
            Operation::Pow,
            &Tree::Number(exponent),
        ))
    }

    /// The derivative d(self)/d(var), already simplified: `diff(x^2, x) = 2*x`.
    pub fn diff(&self, var: &str) -> Result<Expr> {
        check_name(var)?;
        engine::differentiate(&self.0, var).map(Expr)
    }

    /// An equivalent, simpler form: `2*(3*x^2 + 9)*6*x` becomes `36*x*(x^2 + 3)`.
    pub fn simplify(&self) -> Result<Expr> {
        engine::simplify(&self.0).map(Expr)
    }

    /// `self` with every `var` replaced by `value`, left unsimplified so each step shows.
    pub fn subs(&self, var: &str, value: &Expr) -> Result<Expr> {
        check_name(var)?;
        Ok(Expr(engine::substitute(&self.0, var, &value.0)))
    }

    /// The number `self` stands for once each variable has a value: `eval(x^2, [x = 3]) = 9`.
    /// Fails naming the variables that were given no value.
    pub fn eval(&self, values: &[(&str, f64)]) -> Result<f64> {
        engine::evaluate(&self.0, values)
    }

    /// The formula as LaTeX: `3 x^{2} + 9`, `\frac{1}{x}`.
    pub fn to_latex(&self) -> String {
        render(&self.0, &Latex)
    }

    /// Shows the formula typeset in an evcxr (Rust Jupyter) notebook.
    pub fn evcxr_display(&self) {
        super::print_evcxr(&super::display_math(&self.to_latex()));
    }

    /// True if `var` occurs in the formula.
    pub(super) fn mentions(&self, var: &str) -> bool {
        self.0.mentions(var)
    }
}

/// Plain text that [`Expr::parse`] reads back: `2*(p - y)`, `36*x*(x^2 + 3)`.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render(&self.0, &Text))
    }
}

impl fmt::Debug for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Expr({self})")
    }
}

/// `a + b`.
impl Add for Expr {
    type Output = Expr;
    fn add(self, rhs: Expr) -> Expr {
        Expr(engine::combine(&self.0, Operation::Add, &rhs.0))
    }
}

/// `a - b`.
impl Sub for Expr {
    type Output = Expr;
    fn sub(self, rhs: Expr) -> Expr {
        Expr(engine::combine(&self.0, Operation::Sub, &rhs.0))
    }
}

/// `a * b`.
impl Mul for Expr {
    type Output = Expr;
    fn mul(self, rhs: Expr) -> Expr {
        Expr(engine::combine(&self.0, Operation::Mul, &rhs.0))
    }
}

/// `a / b`.
impl Div for Expr {
    type Output = Expr;
    fn div(self, rhs: Expr) -> Expr {
        Expr(engine::combine(&self.0, Operation::Div, &rhs.0))
    }
}

/// A variable name is a letter or `_` followed by letters, digits or `_`, and is not a
/// function name.
fn check_name(name: &str) -> Result<()> {
    let mut chars = name.chars();
    let starts_well = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_');
    if !starts_well || !chars.all(|c| c.is_alphanumeric() || c == '_') {
        return Err(Error::Symbolic(format!(
            "`{name}` is not a variable name: expected a letter or `_` followed by letters, digits or `_`"
        )));
    }
    if engine::is_known_function(name) {
        return Err(Error::Symbolic(format!(
            "`{name}` is a function name and cannot be used as a variable"
        )));
    }
    Ok(())
}

/// Every `(` is closed by a `)`, and no comma sits outside a function call (the engine
/// would drop everything after it: `x, y` reads as `x`).
fn check_brackets(text: &str) -> Result<()> {
    let mut depth = 0usize;
    for (i, c) in text.chars().enumerate() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => {
                return Err(Error::Symbolic(format!(
                    "`)` at character {i} of `{text}` closes nothing"
                )));
            }
            ')' => depth -= 1,
            ',' if depth == 0 => {
                return Err(Error::Symbolic(format!(
                    "comma at character {i} of `{text}` is outside any function call"
                )));
            }
            _ => {}
        }
    }
    match depth {
        0 => Ok(()),
        open => Err(Error::Symbolic(format!(
            "`{text}` leaves {open} `(` unclosed"
        ))),
    }
}

/// Every `name(` names a function the engine knows.
fn check_function_calls(text: &str) -> Result<()> {
    match called_names(text)
        .into_iter()
        .find(|name| !engine::is_known_function(name))
    {
        None => Ok(()),
        Some(name) => Err(Error::Symbolic(format!(
            "unknown function `{name}` in `{text}`: use a known one (sin, cos, exp, ln, sqrt, abs, ...), \
             `Piecewise::relu` for ReLU, or write `{name}*(...)` for a product"
        ))),
    }
}

/// The names written directly before a `(`: `sin(x) + max(x, 0)` → `[sin, max]`.
fn called_names(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut names = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        if chars[i].is_alphabetic() || chars[i] == '_' {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let next = chars[i..].iter().find(|c| !c.is_whitespace());
            if next == Some(&'(') {
                names.push(chars[start..i].iter().collect());
            }
        } else {
            i += 1;
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn called_names_finds_only_names_directly_before_a_bracket() {
        assert_eq!(called_names("sin (x) + max(x, 0) * y"), ["sin", "max"]);
        assert!(called_names("2*(x + y)").is_empty());
    }
}
