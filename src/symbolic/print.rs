//! Printing a [`Tree`] as plain text (`3*x^2 + 9`) or as LaTeX (`3 x^{2} + 9`).
//!
//! Both notations share one walk, [`render`], which decides signs and brackets from
//! [`Precedence`]; a [`Notation`] only says how each piece is spelled.

use super::tree::{Precedence, Tree};

/// How one notation spells the pieces of a formula.
pub(super) trait Notation: Sized {
    fn number(&self, value: f64) -> String;
    fn symbol(&self, name: &str) -> String;
    fn call(&self, name: &str, args: &[String]) -> String;
    /// Joins two printed factors of a product.
    fn times(&self, left: &str, right: &str) -> String;
    fn fraction(&self, numerator: &Tree, denominator: &Tree) -> String;
    fn power(&self, base: &Tree, exponent: &Tree) -> String;
    fn parens(&self, inner: &str) -> String;
    fn derivative(&self, of: &str, var: &str, order: u32) -> String;
}

/// Plain text that the parser reads back: `2*(p - y)`, `x^(-1)`, `(x^3)^2`.
pub(super) struct Text;

/// LaTeX for notebooks: `2 \left(p - y\right)`, `\frac{1}{x}`.
pub(super) struct Latex;

/// Prints `tree` in the given notation.
pub(super) fn render(tree: &Tree, notation: &impl Notation) -> String {
    match tree {
        Tree::Number(value) => notation.number(*value),
        Tree::Symbol(name) => notation.symbol(name),
        Tree::Call(name, args) => {
            let args: Vec<String> = args.iter().map(|a| render(a, notation)).collect();
            notation.call(name, &args)
        }
        Tree::Sum(terms) => render_sum(terms, notation),
        Tree::Product(factors) => render_product(tree, factors, notation),
        Tree::Div(numerator, denominator) => notation.fraction(numerator, denominator),
        Tree::Pow(base, exponent) => notation.power(base, exponent),
        Tree::Derivative { of, var, order } => {
            notation.derivative(&render(of, notation), var, *order)
        }
    }
}

/// Prints `tree`, bracketed when it binds more loosely than `needed`.
fn wrapped(tree: &Tree, needed: Precedence, notation: &impl Notation) -> String {
    let printed = render(tree, notation);
    if tree.precedence() < needed {
        notation.parens(&printed)
    } else {
        printed
    }
}

/// `a + b - c`: a negative term after the first is printed as ` - ` and its magnitude.
fn render_sum(terms: &[Tree], notation: &impl Notation) -> String {
    let mut out = String::new();
    for (i, term) in terms.iter().enumerate() {
        match (i, term.magnitude()) {
            (0, _) => out.push_str(&render(term, notation)),
            (_, Some(magnitude)) => {
                out.push_str(" - ");
                out.push_str(&wrapped(&magnitude, Precedence::Product, notation));
            }
            (_, None) => {
                out.push_str(" + ");
                out.push_str(&wrapped(term, Precedence::Negative, notation));
            }
        }
    }
    out
}

/// `-a*b` is a minus sign in front of the positive product `a*b`; factors that are sums
/// or negative get brackets.
fn render_product(tree: &Tree, factors: &[Tree], notation: &impl Notation) -> String {
    if let Some(magnitude) = tree.magnitude() {
        return format!("-{}", wrapped(&magnitude, Precedence::Product, notation));
    }
    let mut printed = factors
        .iter()
        .map(|f| wrapped(f, Precedence::Product, notation));
    let Some(first) = printed.next() else {
        return notation.number(1.0);
    };
    printed.fold(first, |acc, next| notation.times(&acc, &next))
}

/// A number without a trailing `.0` (Rust prints `2.0_f64` as `2`), and `-0` as `0`.
fn plain_number(value: f64) -> String {
    if value == 0.0 {
        "0".to_string()
    } else {
        value.to_string()
    }
}

impl Notation for Text {
    fn number(&self, value: f64) -> String {
        plain_number(value)
    }

    fn symbol(&self, name: &str) -> String {
        name.to_string()
    }

    fn call(&self, name: &str, args: &[String]) -> String {
        format!("{name}({})", args.join(", "))
    }

    fn times(&self, left: &str, right: &str) -> String {
        format!("{left}*{right}")
    }

    /// `a/b`: the denominator is bracketed unless it is a power or an atom, so
    /// `x/(y*z)` does not read as `(x/y)*z`.
    fn fraction(&self, numerator: &Tree, denominator: &Tree) -> String {
        let top = wrapped(numerator, Precedence::Negative, self);
        let bottom = wrapped(denominator, Precedence::Power, self);
        format!("{top}/{bottom}")
    }

    /// `a^b`: both sides are bracketed unless atomic, so `(x^3)^2` and `x^(-1)` stay unambiguous.
    fn power(&self, base: &Tree, exponent: &Tree) -> String {
        let base = wrapped(base, Precedence::Atom, self);
        let exponent = wrapped(exponent, Precedence::Atom, self);
        format!("{base}^{exponent}")
    }

    fn parens(&self, inner: &str) -> String {
        format!("({inner})")
    }

    fn derivative(&self, of: &str, var: &str, order: u32) -> String {
        match order {
            1 => format!("d/d{var}({of})"),
            n => format!("d^{n}/d{var}^{n}({of})"),
        }
    }
}

/// Functions LaTeX has a command for: `\sin`, `\exp`, ...
const LATEX_FUNCTIONS: [&str; 11] = [
    "sin", "cos", "tan", "sinh", "cosh", "tanh", "exp", "ln", "log", "arcsin", "arccos",
];

impl Notation for Latex {
    fn number(&self, value: f64) -> String {
        match value {
            v if v.is_nan() => r"\mathrm{NaN}".to_string(),
            v if v.is_infinite() => format!("{}\\infty", if v < 0.0 { "-" } else { "" }),
            v => plain_number(v),
        }
    }

    /// `x` stays `x`, `x_1` becomes `x_{1}`, `pi` becomes `\pi`, longer names are upright.
    fn symbol(&self, name: &str) -> String {
        let upright = |s: &str| match s.chars().count() {
            1 => s.to_string(),
            _ => format!("\\mathrm{{{}}}", s.replace('_', r"\_")),
        };
        match name.split_once('_') {
            _ if name == "pi" => r"\pi".to_string(),
            Some((base, sub)) if !base.is_empty() => {
                format!("{}_{{{}}}", upright(base), upright(sub))
            }
            _ => upright(name),
        }
    }

    fn call(&self, name: &str, args: &[String]) -> String {
        let args = args.join(", ");
        match name {
            "sqrt" => format!("\\sqrt{{{args}}}"),
            "abs" => format!("\\left|{args}\\right|"),
            _ if LATEX_FUNCTIONS.contains(&name) => format!("\\{name}\\left({args}\\right)"),
            _ => format!("\\operatorname{{{name}}}\\left({args}\\right)"),
        }
    }

    /// Factors sit side by side (`6 x`), except before a digit or a minus sign, where a
    /// `\cdot` keeps `2 \cdot 3^{x}` from reading as `23^{x}`.
    fn times(&self, left: &str, right: &str) -> String {
        match right.chars().next() {
            Some(c) if c.is_ascii_digit() || c == '-' || c == '.' => {
                format!("{left} \\cdot {right}")
            }
            _ => format!("{left} {right}"),
        }
    }

    fn fraction(&self, numerator: &Tree, denominator: &Tree) -> String {
        format!(
            "\\frac{{{}}}{{{}}}",
            render(numerator, self),
            render(denominator, self)
        )
    }

    fn power(&self, base: &Tree, exponent: &Tree) -> String {
        let base = wrapped(base, Precedence::Atom, self);
        format!("{base}^{{{}}}", render(exponent, self))
    }

    fn parens(&self, inner: &str) -> String {
        format!("\\left({inner}\\right)")
    }

    fn derivative(&self, of: &str, var: &str, order: u32) -> String {
        let var = self.symbol(var);
        match order {
            1 => format!("\\frac{{d}}{{d {var}}}\\left({of}\\right)"),
            n => format!("\\frac{{d^{{{n}}}}}{{d {var}^{{{n}}}}}\\left({of}\\right)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sym(name: &str) -> Tree {
        Tree::Symbol(name.into())
    }

    fn num(value: f64) -> Tree {
        Tree::Number(value)
    }

    fn pow(base: Tree, exponent: Tree) -> Tree {
        Tree::Pow(Box::new(base), Box::new(exponent))
    }

    #[test]
    fn a_power_of_a_power_keeps_its_brackets() {
        let nested = pow(pow(sym("x"), num(3.0)), num(2.0));
        assert_eq!(render(&nested, &Text), "(x^3)^2");
        assert_eq!(render(&nested, &Latex), r"\left(x^{3}\right)^{2}");
    }

    #[test]
    fn a_negative_term_is_subtracted_and_a_negative_sum_is_bracketed() {
        let minus = |t: Tree| Tree::product(vec![num(-1.0), t]);
        let inner = Tree::sum(vec![sym("y"), minus(sym("z"))]);
        let sum = Tree::sum(vec![sym("x"), minus(inner)]);
        assert_eq!(render(&sum, &Text), "x - (y - z)");
    }

    #[test]
    fn a_denominator_product_is_bracketed_in_text() {
        let frac = Tree::Div(
            Box::new(sym("x")),
            Box::new(Tree::product(vec![sym("y"), sym("z")])),
        );
        assert_eq!(render(&frac, &Text), "x/(y*z)");
        assert_eq!(render(&frac, &Latex), r"\frac{x}{y z}");
    }

    #[test]
    fn latex_uses_cdot_only_before_a_number() {
        let product = Tree::product(vec![num(2.0), pow(num(3.0), sym("x")), sym("w")]);
        assert_eq!(render(&product, &Latex), r"2 \cdot 3^{x} w");
    }

    #[test]
    fn latex_names_get_subscripts_and_upright_letters() {
        assert_eq!(Latex.symbol("x_1"), "x_{1}");
        assert_eq!(Latex.symbol("pred"), r"\mathrm{pred}");
        assert_eq!(Latex.symbol("pi"), r"\pi");
    }
}
