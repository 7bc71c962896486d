//! `Expr::parse` on arbitrary text: it must return a formula or an error, never panic or hang,
//! and whatever it parses must print as text and LaTeX.
#![no_main]

use foundations::symbolic::Expr;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(expr) = Expr::parse(text) {
        let printed = expr.to_string();
        let _ = expr.to_latex();
        assert!(!printed.is_empty(), "{text:?} printed as nothing");
    }
});
