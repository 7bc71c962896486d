//! A formula must survive the engine's symbol table being replaced, as it is between two
//! evcxr notebook cells.
//!
//! `symb_anafis` interns variable names in a global table and its expressions refer to names
//! by id. evcxr compiles every cell into its own library, each with its own copy of that
//! table starting empty, so a later cell hands out ids in a different order. The nearest
//! thing inside one process is the engine's own `clear_symbols`, which empties the table so
//! every name gets a new id. This file holds a single test, in its own test binary (its own
//! process), so that clearing the table cannot disturb the other tests running in parallel.
//!
//! Only formulas without function calls appear here: `clear_symbols` does not reset the
//! engine's separate list of built-in function ids (`sin`, `ln`, ...), which a fresh cell does.

use foundations::Error;
use foundations::symbolic::{Expr, chain_rule};

#[test]
fn formulas_built_before_the_engine_table_is_reset_still_differentiate() -> Result<(), Error> {
    let linear = Expr::parse("w*x + b")?;
    let squared_error = Expr::parse("(p - y)^2")?;
    let (outer, inner) = (Expr::parse("3*u + 9")?, Expr::parse("x^2")?);
    let built = Expr::number(3.0) * Expr::symbol("x")?.pow(2.0) + Expr::number(9.0);

    // What a new notebook cell sees: an empty table, filling in another order.
    symb_anafis::clear_symbols();
    for name in ["b", "y", "x", "w", "p", "u"] {
        let _ = symb_anafis::symb(name);
    }

    let slopes = [linear.diff("w")?, linear.diff("x")?, linear.diff("b")?];
    assert_eq!(slopes.map(|s| s.to_string()), ["x", "w", "1"]);
    assert_eq!(squared_error.diff("p")?.to_string(), "2*(p - y)");
    assert_eq!(built.diff("x")?.to_string(), "6*x");
    let composed = outer.subs("u", &inner)?;
    assert_eq!(composed.to_string(), "3*x^2 + 9");
    assert_eq!(composed.eval(&[("x", 2.0)])?, 21.0);
    let steps = chain_rule(&outer, &inner, "u", "x")?;
    assert_eq!(steps.simplified.to_string(), "6*x");
    assert!(steps.agree);
    Ok(())
}
