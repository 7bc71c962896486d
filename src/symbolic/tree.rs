//! A plain expression tree, independent of the engine: what an `Expr` holds and what the
//! printers walk.
//!
//! The engine hands every result over as a [`Tree`] and gets it back, rebuilt, at its next
//! operation; everything about how a formula looks on screen (sign handling, brackets, term
//! order) is decided here and in `print.rs`, so swapping the engine does not change what
//! students see.

/// One node of a formula, as the printers see it.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tree {
    Number(f64),
    Symbol(String),
    /// A function applied to arguments: `sin(x)`, `exp(x)`.
    Call(String, Vec<Tree>),
    Sum(Vec<Tree>),
    /// Factors with at most one number, always the first one (see [`Tree::product`]).
    Product(Vec<Tree>),
    Div(Box<Tree>, Box<Tree>),
    Pow(Box<Tree>, Box<Tree>),
    /// An unevaluated derivative `d^order/d var^order (of)`.
    Derivative {
        of: Box<Tree>,
        var: String,
        order: u32,
    },
}

/// How tightly a node binds, loosest first: a node is bracketed when it sits in a
/// position that needs something tighter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Precedence {
    Sum,
    /// A leading minus sign: `-x`, `-2*y`, `-3`.
    Negative,
    Product,
    Power,
    Atom,
}

impl Tree {
    /// A sum whose terms are ordered like a textbook polynomial: highest degree first,
    /// constants last (`9 + 3*x^2` prints as `3*x^2 + 9`); ties keep their order.
    pub(super) fn sum(mut terms: Vec<Tree>) -> Tree {
        terms.sort_by(|a, b| b.degree().total_cmp(&a.degree()));
        Tree::Sum(terms)
    }

    /// A flat product with all numeric factors multiplied into one leading coefficient:
    /// `(-1)*(-1)*x` becomes `x`, `2*(3*x)` becomes `6*x`.
    pub(super) fn product(factors: Vec<Tree>) -> Tree {
        let flat = factors.into_iter().flat_map(|f| match f {
            Tree::Product(inner) => inner,
            other => vec![other],
        });
        let (numbers, mut rest): (Vec<Tree>, Vec<Tree>) =
            flat.partition(|f| matches!(f, Tree::Number(_)));
        let coefficient: f64 = numbers.iter().filter_map(Tree::as_number).product();
        if coefficient == 0.0 || rest.is_empty() {
            return Tree::Number(coefficient);
        }
        if coefficient != 1.0 {
            rest.insert(0, Tree::Number(coefficient));
        }
        match rest.len() {
            1 => rest.remove(0),
            _ => Tree::Product(rest),
        }
    }

    /// True if the variable `var` occurs anywhere in the formula.
    pub(super) fn mentions(&self, var: &str) -> bool {
        match self {
            Tree::Number(_) => false,
            Tree::Symbol(name) => name == var,
            Tree::Call(_, items) | Tree::Sum(items) | Tree::Product(items) => {
                items.iter().any(|item| item.mentions(var))
            }
            Tree::Div(a, b) | Tree::Pow(a, b) => a.mentions(var) || b.mentions(var),
            Tree::Derivative { of, var: by, .. } => by == var || of.mentions(var),
        }
    }

    fn as_number(&self) -> Option<f64> {
        match self {
            Tree::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// Total polynomial degree, used only to order the terms of a sum:
    /// `deg(x^3*y) = 4`, `deg(7) = 0`, `deg(a/b) = deg(a) - deg(b)`.
    fn degree(&self) -> f64 {
        match self {
            Tree::Number(_) => 0.0,
            Tree::Symbol(_) | Tree::Call(..) => 1.0,
            Tree::Sum(terms) => terms.iter().map(Tree::degree).fold(0.0, f64::max),
            Tree::Product(factors) => factors.iter().map(Tree::degree).sum(),
            Tree::Div(num, den) => num.degree() - den.degree(),
            Tree::Pow(base, exponent) => base.degree() * exponent.as_number().unwrap_or(1.0),
            Tree::Derivative { of, .. } => of.degree(),
        }
    }

    /// How tightly this node binds when printed.
    pub(super) fn precedence(&self) -> Precedence {
        match self {
            Tree::Sum(_) => Precedence::Sum,
            _ if self.is_negative() => Precedence::Negative,
            Tree::Product(_) | Tree::Div(..) => Precedence::Product,
            Tree::Pow(..) => Precedence::Power,
            _ => Precedence::Atom,
        }
    }

    /// True for a negative number, a product whose coefficient is negative, or a
    /// fraction whose numerator is negative.
    fn is_negative(&self) -> bool {
        match self {
            Tree::Number(n) => *n < 0.0,
            Tree::Div(numerator, _) => numerator.is_negative(),
            Tree::Product(factors) => factors
                .first()
                .and_then(Tree::as_number)
                .is_some_and(|c| c < 0.0),
            _ => false,
        }
    }

    /// The node without its leading minus sign, if it has one: `-3*x` → `Some(3*x)`,
    /// `-x/y` → `Some(x/y)`.
    pub(super) fn magnitude(&self) -> Option<Tree> {
        if !self.is_negative() {
            return None;
        }
        match self {
            Tree::Number(n) => Some(Tree::Number(-n)),
            Tree::Div(numerator, denominator) => Some(Tree::Div(
                Box::new(numerator.magnitude()?),
                denominator.clone(),
            )),
            Tree::Product(factors) => {
                let mut flipped = factors.clone();
                flipped[0] = Tree::Number(-factors[0].as_number()?);
                Some(Tree::product(flipped))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x() -> Tree {
        Tree::Symbol("x".into())
    }

    #[test]
    fn product_folds_every_number_into_one_leading_coefficient() {
        let folded = Tree::product(vec![Tree::Number(-1.0), Tree::Number(-1.0), x()]);
        assert_eq!(folded, x());
        let folded = Tree::product(vec![x(), Tree::Number(2.0), Tree::Number(3.0)]);
        assert_eq!(folded, Tree::Product(vec![Tree::Number(6.0), x()]));
    }

    #[test]
    fn sum_puts_the_highest_degree_first() {
        let square = Tree::Pow(Box::new(x()), Box::new(Tree::Number(2.0)));
        let sum = Tree::sum(vec![Tree::Number(9.0), square.clone()]);
        assert_eq!(sum, Tree::Sum(vec![square, Tree::Number(9.0)]));
    }

    #[test]
    fn mentions_finds_a_variable_at_any_depth() {
        let call = Tree::Call(
            "sin".into(),
            vec![Tree::product(vec![Tree::Number(2.0), x()])],
        );
        assert!(call.mentions("x"));
        assert!(!call.mentions("sin"));
        let derivative = Tree::Derivative {
            of: Box::new(call),
            var: "t".into(),
            order: 1,
        };
        assert!(derivative.mentions("t") && derivative.mentions("x"));
    }

    #[test]
    fn magnitude_drops_the_minus_sign_and_a_unit_coefficient() {
        let minus_x = Tree::Product(vec![Tree::Number(-1.0), x()]);
        assert_eq!(minus_x.magnitude(), Some(x()));
        assert_eq!(x().magnitude(), None);
        let minus_half = Tree::Div(Box::new(Tree::Number(-1.0)), Box::new(Tree::Number(2.0)));
        let half = Tree::Div(Box::new(Tree::Number(1.0)), Box::new(Tree::Number(2.0)));
        assert_eq!(minus_half.magnitude(), Some(half));
    }
}
