//! The chain rule, one step at a time: for `y = f(u)` and `u = g(x)`,
//! `dy/dx = dy/du * du/dx`.

use std::fmt;

use super::expr::Expr;
use super::print::{Latex, Notation};
use crate::error::{Error, Result};

/// Every step of the chain rule for `y = outer(u)`, `u = inner(x)`, ending with the
/// derivative computed directly so the two can be compared.
///
/// For `y = 3u + 9`, `u = x^2`: `dy/du = 3`, `du/dx = 2x`, so `dy/dx = 3 * 2x = 6x`, the
/// same as differentiating `3x^2 + 9` directly.
#[derive(Clone, Debug)]
pub struct ChainRuleSteps {
    /// `y` as a formula in `u`.
    pub outer: Expr,
    /// `u` as a formula in `x`.
    pub inner: Expr,
    /// The name of the middle variable, `u`.
    pub var_u: String,
    /// The name of the input variable, `x`.
    pub var_x: String,
    /// `y` as a formula in `x`: `outer` with `u` replaced by `inner`.
    pub composed: Expr,
    /// `dy/du = outer'(u)`.
    pub dy_du: Expr,
    /// `du/dx = inner'(x)`.
    pub du_dx: Expr,
    /// `dy/du * du/dx` with `u` replaced by `inner`, before simplifying.
    pub product: Expr,
    /// `product`, simplified.
    pub simplified: Expr,
    /// `d(composed)/dx`, the derivative taken in one go.
    pub direct: Expr,
    /// True when `simplified - direct` simplifies to `0`.
    pub agree: bool,
}

/// Works through the chain rule for `y = outer(var_u)`, `var_u = inner(var_x)`.
///
/// Fails if `outer` mentions `var_x` (then `y` depends on `x` by another path and the
/// single product `dy/du * du/dx` is not the whole derivative) or if `inner` mentions `var_u`.
pub fn chain_rule(outer: &Expr, inner: &Expr, var_u: &str, var_x: &str) -> Result<ChainRuleSteps> {
    if var_u == var_x {
        return Err(Error::Symbolic(format!(
            "chain rule: the middle variable and the input variable are both `{var_u}`; expected two names"
        )));
    }
    if outer.mentions(var_x) {
        return Err(Error::Symbolic(format!(
            "chain rule: the outer formula `{outer}` uses `{var_x}` directly; expected it to depend on `{var_x}` only through `{var_u}`"
        )));
    }
    if inner.mentions(var_u) {
        return Err(Error::Symbolic(format!(
            "chain rule: the inner formula `{inner}` uses `{var_u}`; expected a formula in `{var_x}`"
        )));
    }
    let dy_du = outer.diff(var_u)?;
    let du_dx = inner.diff(var_x)?;
    let product = (dy_du.clone() * du_dx.clone()).subs(var_u, inner)?; // dy/du * du/dx, in x
    let simplified = product.simplify()?;
    let composed = outer.subs(var_u, inner)?; // y = outer(inner(x))
    let direct = composed.diff(var_x)?;
    let difference = (simplified.clone() - direct.clone()).simplify()?;
    Ok(ChainRuleSteps {
        outer: outer.clone(),
        inner: inner.clone(),
        var_u: var_u.to_string(),
        var_x: var_x.to_string(),
        agree: difference.eval(&[]).is_ok_and(|d| d == 0.0),
        composed,
        dy_du,
        du_dx,
        product,
        simplified,
        direct,
    })
}

impl ChainRuleSteps {
    /// The steps as a LaTeX `aligned` block, one equation per line.
    pub fn to_latex(&self) -> String {
        let (u, x) = (Latex.symbol(&self.var_u), Latex.symbol(&self.var_x));
        let d = |top: &str, bottom: &str| format!("\\frac{{d{top}}}{{d{bottom}}}");
        let lines = [
            format!(
                "y &= {}, \\qquad {u} = {}",
                self.outer.to_latex(),
                self.inner.to_latex()
            ),
            format!("{} &= {}", d("y", &u), self.dy_du.to_latex()),
            format!("{} &= {}", d(&u, &x), self.du_dx.to_latex()),
            format!(
                "{} = {} \\cdot {} &= {}",
                d("y", &x),
                d("y", &u),
                d(&u, &x),
                self.product_then_simplified(|e| e.to_latex())
            ),
            format!(
                "\\frac{{d}}{{d{x}}}\\left({}\\right) &= {}",
                self.composed.to_latex(),
                self.direct.to_latex()
            ),
        ];
        format!(
            "\\begin{{aligned}}\n{}\n\\end{{aligned}}",
            lines.join(" \\\\\n")
        )
    }

    /// Shows the steps typeset in an evcxr notebook, with the verdict underneath.
    pub fn evcxr_display(&self) {
        let verdict = self.verdict();
        super::print_evcxr(&format!(
            "{}\n\n{verdict}",
            super::display_math(&self.to_latex())
        ));
    }

    /// `product = simplified`, or just one of them when simplifying changed nothing visible.
    fn product_then_simplified(&self, print: impl Fn(&Expr) -> String) -> String {
        let (product, simplified) = (print(&self.product), print(&self.simplified));
        if product == simplified {
            product
        } else {
            format!("{product} = {simplified}")
        }
    }

    fn verdict(&self) -> &'static str {
        if self.agree {
            "The chain rule and the direct derivative agree."
        } else {
            "The chain rule and the direct derivative DISAGREE."
        }
    }
}

/// One step per line, ending with the direct derivative and whether the two agree.
impl fmt::Display for ChainRuleSteps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (u, x) = (&self.var_u, &self.var_x);
        writeln!(f, "y = {}, {u} = {}", self.outer, self.inner)?;
        writeln!(f, "dy/d{u} = {}", self.dy_du)?;
        writeln!(f, "d{u}/d{x} = {}", self.du_dx)?;
        writeln!(
            f,
            "dy/d{x} = dy/d{u} * d{u}/d{x} = {}",
            self.product_then_simplified(|e| e.to_string())
        )?;
        writeln!(f, "direct: d/d{x} ({}) = {}", self.composed, self.direct)?;
        write!(f, "{}", self.verdict())
    }
}
