//! [`Piecewise`]: a formula that switches on the sign of one variable, which is how ReLU
//! is written here (the engine cannot parse `max(x, 0)`).

use std::fmt;

use super::expr::Expr;
use super::print::{Latex, Notation};
use crate::error::{Error, Result};

/// `positive` where `var > 0`, `non_positive` where `var <= 0`.
///
/// Differentiating works piece by piece. Where the pieces meet, at `var = 0`, the result
/// carries a note in words when the function has a corner or a jump there, because then it
/// has no derivative at that single point.
#[derive(Clone, Debug)]
pub struct Piecewise {
    var: String,
    positive: Expr,
    non_positive: Expr,
    note: Option<String>,
}

impl Piecewise {
    /// `positive` where `var > 0`, `non_positive` where `var <= 0`.
    pub fn new(var: &str, positive: Expr, non_positive: Expr) -> Result<Piecewise> {
        Expr::symbol(var)?; // checks that `var` is a valid name
        Ok(Piecewise {
            var: var.to_string(),
            positive,
            non_positive,
            note: None,
        })
    }

    /// `relu(x) = max(x, 0)`: `x` where `x > 0`, `0` where `x <= 0`.
    ///
    /// ReLU has a kink at `x = 0`: the graph comes in flat (slope 0) from the left and leaves
    /// with slope 1 to the right, so there is no single tangent there and no derivative at that
    /// one point. Its derivative is `1` for `x > 0` and `0` for `x < 0`; at exactly `x = 0` we
    /// use `0` (the `x <= 0` piece), the same choice PyTorch makes.
    pub fn relu(var: &str) -> Result<Piecewise> {
        Piecewise::new(var, Expr::symbol(var)?, Expr::number(0.0))
    }

    /// The derivative w.r.t. `wrt`, taken piece by piece. With respect to the switching
    /// variable, a note says in words when the pieces meet at a corner or a jump.
    pub fn diff(&self, wrt: &str) -> Result<Piecewise> {
        let mut derivative = Piecewise::new(
            &self.var,
            self.positive.diff(wrt)?,
            self.non_positive.diff(wrt)?,
        )?;
        if wrt == self.var {
            derivative.note = self.break_at_switch(&derivative)?;
        }
        Ok(derivative)
    }

    /// A sentence on what happens at `var = 0` when the function jumps or bends there.
    fn break_at_switch(&self, derivative: &Piecewise) -> Result<Option<String>> {
        let (left_value, right_value) = self.sides_at_switch()?;
        let (left_slope, right_slope) = derivative.sides_at_switch()?;
        let v = &self.var;
        Ok(if !is_zero(&(right_value.clone() - left_value.clone()))? {
            Some(format!(
                "at {v} = 0 the function jumps from {left_value} to {right_value}, so it has no derivative there; \
                 this derivative uses the {v} <= 0 piece at {v} = 0"
            ))
        } else if !is_zero(&(right_slope.clone() - left_slope.clone()))? {
            Some(format!(
                "at {v} = 0 the pieces meet at a corner: the slope is {left_slope} coming from the left and \
                 {right_slope} going right, so there is no derivative at that point; this derivative uses \
                 the {v} <= 0 piece there ({left_slope}), as PyTorch does for ReLU"
            ))
        } else {
            None
        })
    }

    /// The non-positive and positive pieces with `var = 0`, simplified.
    fn sides_at_switch(&self) -> Result<(Expr, Expr)> {
        let zero = Expr::number(0.0);
        let at_zero = |piece: &Expr| piece.subs(&self.var, &zero)?.simplify();
        Ok((at_zero(&self.non_positive)?, at_zero(&self.positive)?))
    }

    /// The value for the given variables: the `positive` piece if `var > 0`, else the other.
    pub fn eval(&self, values: &[(&str, f64)]) -> Result<f64> {
        let switch = values
            .iter()
            .find(|(name, _)| *name == self.var)
            .map(|(_, value)| *value)
            .ok_or_else(|| {
                Error::Symbolic(format!(
                    "cannot evaluate `{self}`: no value given for {}",
                    self.var
                ))
            })?;
        if switch > 0.0 {
            self.positive.eval(values)
        } else {
            self.non_positive.eval(values)
        }
    }

    /// The note on a corner or jump at `var = 0`, if differentiating found one.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// LaTeX `cases`: `\begin{cases} x & x > 0 \\ 0 & x \le 0 \end{cases}`.
    pub fn to_latex(&self) -> String {
        let v = Latex.symbol(&self.var);
        format!(
            "\\begin{{cases}} {} & {v} > 0 \\\\ {} & {v} \\le 0 \\end{{cases}}",
            self.positive.to_latex(),
            self.non_positive.to_latex()
        )
    }

    /// Shows the cases typeset in an evcxr notebook, with the note (if any) underneath.
    pub fn evcxr_display(&self) {
        let math = super::display_math(&self.to_latex());
        let note = self.note.as_deref().map(|n| format!("\n\n{n}"));
        super::print_evcxr(&format!("{math}{}", note.unwrap_or_default()));
    }
}

/// True when `expr` simplifies to the number 0.
fn is_zero(expr: &Expr) -> Result<bool> {
    Ok(expr.simplify()?.eval(&[]).is_ok_and(|v| v == 0.0))
}

/// `x if x > 0; 0 if x <= 0`, then the note on its own line when there is one.
impl fmt::Display for Piecewise {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = &self.var;
        write!(
            f,
            "{} if {v} > 0; {} if {v} <= 0",
            self.positive, self.non_positive
        )?;
        match &self.note {
            Some(note) => write!(f, "\n({note})"),
            None => Ok(()),
        }
    }
}
