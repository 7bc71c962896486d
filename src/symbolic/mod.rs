//! # Sidebar: derivatives by symbol, and the chain rule
//!
//! Before writing backward passes by hand, the chapter checks a few derivatives
//! symbolically. This module does the same in Rust: parse or build a formula, differentiate,
//! simplify, substitute, evaluate, and print it as text or LaTeX.
//!
//! ```
//! use foundations::symbolic::{Expr, Piecewise, chain_rule};
//!
//! let x_squared = Expr::parse("x^2")?;
//! assert_eq!(x_squared.diff("x")?.to_string(), "2*x");
//!
//! // The chain rule: y = 3u + 9 with u = x^2.
//! let steps = chain_rule(&Expr::parse("3*u + 9")?, &x_squared, "u", "x")?;
//! assert_eq!(steps.dy_du.to_string(), "3");
//! assert_eq!(steps.du_dx.to_string(), "2*x");
//! assert_eq!(steps.simplified.to_string(), "6*x");
//! assert!(steps.agree); // same as d/dx (3x^2 + 9)
//!
//! // What backprop needs next: MSE, a linear unit, and ReLU.
//! assert_eq!(Expr::parse("(p - y)^2")?.diff("p")?.to_string(), "2*(p - y)");
//! assert_eq!(Expr::parse("w*x + b")?.diff("w")?.to_string(), "x");
//! assert_eq!(Piecewise::relu("x")?.diff("x")?.eval(&[("x", 3.0)])?, 1.0);
//! # Ok::<(), foundations::Error>(())
//! ```
//!
//! In an evcxr notebook, an [`Expr`], [`ChainRuleSteps`] or [`Piecewise`] left as the last
//! value of a cell is shown typeset, through its `evcxr_display` method.
//!
//! The engine behind this is `symb_anafis` (Apache-2.0); it is wrapped, never exposed, so it
//! can be swapped by rewriting one private file. Formulas are kept as our own plain data and
//! handed to the engine only while one operation runs, so a formula built in one notebook cell
//! can be used in any later one.

mod chain_rule;
mod engine;
mod expr;
mod piecewise;
mod print;
mod tree;

use std::io::Write;

pub use chain_rule::{ChainRuleSteps, chain_rule};
pub use expr::Expr;
pub use piecewise::Piecewise;

/// LaTeX as a display-math block of Markdown: `$$...$$`.
fn display_math(latex: &str) -> String {
    format!("$${latex}$$")
}

/// The block evcxr reads from standard output to show rich content: a line
/// `EVCXR_BEGIN_CONTENT <mime type>`, the content, then a line `EVCXR_END_CONTENT`.
fn evcxr_block(markdown: &str) -> String {
    format!("EVCXR_BEGIN_CONTENT text/markdown\n{markdown}\nEVCXR_END_CONTENT\n")
}

/// Prints the evcxr block in one write, so nothing else interleaves with it.
fn print_evcxr(markdown: &str) {
    let block = evcxr_block(markdown);
    // A notebook has nowhere else to report a failed write to its own output.
    let _ = std::io::stdout().lock().write_all(block.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evcxr_block_wraps_display_math_in_the_markdown_protocol() {
        let block = evcxr_block(&display_math("2 x"));
        assert_eq!(
            block,
            "EVCXR_BEGIN_CONTENT text/markdown\n$$2 x$$\nEVCXR_END_CONTENT\n"
        );
    }
}
