//! The chain-rule sidebar: derivatives by symbol, checked against the chapter's examples.

use foundations::Error;
use foundations::symbolic::{Expr, Piecewise, chain_rule};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

type TestResult = Result<(), Error>;

/// Points where two formulas in `x` are compared numerically.
const POINTS: [f64; 6] = [-2.5, -1.0, 0.0, 0.5, 1.7, 3.0];

/// `a(x)` and `b(x)` take the same value at every point of [`POINTS`].
fn same_values_in_x(a: &Expr, b: &Expr) -> TestResult {
    for x in POINTS {
        let (va, vb) = (a.eval(&[("x", x)])?, b.eval(&[("x", x)])?);
        assert!(
            (va - vb).abs() <= 1e-9 * (1.0 + va.abs()),
            "{a} = {va} but {b} = {vb} at x = {x}"
        );
    }
    Ok(())
}

#[test]
fn derivative_of_x_squared_is_2x() -> TestResult {
    let derivative = Expr::parse("x^2")?.diff("x")?;
    assert_eq!(derivative.to_string(), "2*x");
    assert_eq!(derivative.to_latex(), "2 x");
    Ok(())
}

#[test]
fn derivative_of_3x_squared_plus_9_is_6x() -> TestResult {
    let y = Expr::parse("3*x^2 + 9")?;
    assert_eq!(y.to_string(), "3*x^2 + 9");
    assert_eq!(y.to_latex(), "3 x^{2} + 9");
    let derivative = y.diff("x")?;
    assert_eq!(derivative.to_string(), "6*x");
    assert_eq!(derivative.to_latex(), "6 x");
    Ok(())
}

#[test]
fn chain_rule_steps_agree_with_the_direct_derivative() -> TestResult {
    let steps = chain_rule(&Expr::parse("3*u + 9")?, &Expr::parse("x^2")?, "u", "x")?;
    assert_eq!(steps.dy_du.to_string(), "3");
    assert_eq!(steps.du_dx.to_string(), "2*x");
    assert_eq!(steps.simplified.to_string(), "6*x");
    assert_eq!(steps.composed.to_string(), "3*x^2 + 9");
    assert_eq!(steps.direct.to_string(), "6*x");
    assert!(steps.agree);
    same_values_in_x(&steps.product, &steps.direct)?;
    println!("{steps}\n{}", steps.to_latex());
    Ok(())
}

#[test]
fn derivative_of_the_square_of_3x_squared_plus_9_is_12x_times_it() -> TestResult {
    let direct = Expr::parse("(3*x^2 + 9)^2")?.diff("x")?;
    let expected = Expr::parse("12*x*(3*x^2 + 9)")?;
    same_values_in_x(&direct, &expected)?;
    let steps = chain_rule(&Expr::parse("u^2")?, &Expr::parse("3*x^2 + 9")?, "u", "x")?;
    same_values_in_x(&steps.product, &expected)?;
    assert!(steps.agree);
    println!(
        "{direct}\n{}\n{steps}\n{}",
        direct.to_latex(),
        steps.to_latex()
    );
    Ok(())
}

#[test]
fn derivative_of_squared_error_wrt_prediction_is_twice_the_error() -> TestResult {
    let derivative = Expr::parse("(p - y)^2")?.diff("p")?;
    assert_eq!(derivative.to_string(), "2*(p - y)");
    assert_eq!(derivative.to_latex(), r"2 \left(p - y\right)");
    Ok(())
}

#[test]
fn derivatives_of_a_linear_unit_wrt_weight_input_and_bias() -> TestResult {
    let linear = Expr::parse("w*x + b")?;
    assert_eq!(linear.to_string(), "w*x + b");
    let (d_w, d_x, d_b) = (linear.diff("w")?, linear.diff("x")?, linear.diff("b")?);
    assert_eq!(
        (d_w.to_string(), d_x.to_string(), d_b.to_string()),
        ("x".into(), "w".into(), "1".into())
    );
    assert_eq!(
        (d_w.to_latex(), d_x.to_latex(), d_b.to_latex()),
        ("x".into(), "w".into(), "1".into())
    );
    Ok(())
}

#[test]
fn relu_derivative_is_a_step_with_a_note_on_the_kink() -> TestResult {
    let relu = Piecewise::relu("x")?;
    assert_eq!(relu.to_string(), "x if x > 0; 0 if x <= 0");
    assert_eq!(relu.eval(&[("x", -2.0)])?, 0.0);
    assert_eq!(relu.eval(&[("x", 2.0)])?, 2.0);
    let slope = relu.diff("x")?;
    assert_eq!(slope.eval(&[("x", 3.0)])?, 1.0);
    assert_eq!(slope.eval(&[("x", -3.0)])?, 0.0);
    assert_eq!(slope.eval(&[("x", 0.0)])?, 0.0);
    let note = slope.note().expect("the kink at 0 is explained");
    assert!(
        note.contains("corner") && note.contains("slope is 0 coming from the left"),
        "{note}"
    );
    assert_eq!(
        slope.to_latex(),
        r"\begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}"
    );
    println!("{slope}");
    Ok(())
}

#[test]
fn unparsable_formulas_are_errors_not_panics() {
    for bad in [
        "",
        "3*x^^2",
        "x +",
        "(x",
        "x)",
        "max(x, 0)",
        "relu(x)",
        "x, y",
        "@",
    ] {
        match Expr::parse(bad) {
            Err(Error::Symbolic(msg)) => println!("{bad:?}: {msg}"),
            other => panic!("{bad:?} gave {other:?}"),
        }
    }
}

#[test]
fn the_chain_rule_display_shows_each_step() -> TestResult {
    let steps = chain_rule(&Expr::parse("u^2")?, &Expr::parse("3*x^2 + 9")?, "u", "x")?;
    let expected = "y = u^2, u = 3*x^2 + 9\n\
                    dy/du = 2*u\n\
                    du/dx = 6*x\n\
                    dy/dx = dy/du * du/dx = 12*(3*x^2 + 9)*x = 36*x*(x^2 + 3)\n\
                    direct: d/dx ((3*x^2 + 9)^2) = 36*x*(x^2 + 3)\n\
                    The chain rule and the direct derivative agree.";
    assert_eq!(steps.to_string(), expected);
    let latex = steps.to_latex();
    assert!(
        latex.starts_with("\\begin{aligned}\ny &= u^{2}, \\qquad u = 3 x^{2} + 9 \\\\\n"),
        "{latex}"
    );
    assert!(latex.contains(r"\frac{dy}{du} &= 2 u"), "{latex}");
    assert!(
        latex.contains(r"&= 12 \left(3 x^{2} + 9\right) x = 36 x \left(x^{2} + 3\right)"),
        "{latex}"
    );
    Ok(())
}

#[test]
fn chain_rule_refuses_an_outer_formula_that_uses_x_directly() -> TestResult {
    let outer = Expr::parse("u + x")?;
    let result = chain_rule(&outer, &Expr::parse("x^2")?, "u", "x");
    assert!(matches!(result, Err(Error::Symbolic(msg)) if msg.contains("only through `u`")));
    Ok(())
}

#[test]
fn formulas_can_be_built_and_substituted_into() -> TestResult {
    let x = Expr::symbol("x")?;
    let built = Expr::number(3.0) * x.pow(2.0) + Expr::number(9.0);
    assert_eq!(built.to_string(), "3*x^2 + 9");
    assert_eq!(built.diff("x")?.to_string(), "6*x");
    let ratio = (x.clone() - Expr::number(1.0)) / x;
    assert_eq!(ratio.to_string(), "(x - 1)/x");
    let composed = Expr::parse("3*u + 9")?.subs("u", &Expr::parse("x^2")?)?;
    assert_eq!(composed.to_string(), "3*x^2 + 9");
    assert_eq!(composed.eval(&[("x", 2.0)])?, 21.0);
    Ok(())
}

#[test]
fn evaluating_without_every_value_names_what_is_missing() -> TestResult {
    let linear = Expr::parse("w*x + b")?;
    let err = linear
        .eval(&[("w", 2.0)])
        .expect_err("x and b have no value");
    assert!(err.to_string().contains("no value given for b, x"), "{err}");
    assert_eq!(linear.eval(&[("w", 2.0), ("x", 3.0), ("b", 1.0)])?, 7.0);
    Ok(())
}

#[test]
fn bad_variable_names_are_errors() -> TestResult {
    let y = Expr::parse("x^2")?;
    assert!(matches!(y.diff("2+"), Err(Error::Symbolic(_))));
    assert!(matches!(y.diff("sin"), Err(Error::Symbolic(_))));
    assert!(matches!(Expr::symbol(""), Err(Error::Symbolic(_))));
    Ok(())
}

#[test]
fn printing_keeps_signs_and_brackets_the_engine_printer_loses() -> TestResult {
    // The engine's own printer shows the first as `1` and the second as `x^3^2`.
    let double_negative = Expr::parse("-(-x)*y")?;
    assert_eq!(double_negative.to_string(), "x*y");
    let nested_power = Expr::parse("(x^3)^2")?;
    assert_eq!(nested_power.to_string(), "(x^3)^2");
    assert_eq!(nested_power.to_latex(), r"\left(x^{3}\right)^{2}");
    assert_eq!(Expr::parse("x - (y - z)")?.to_string(), "x - (y - z)");
    assert_eq!(Expr::parse("x/(y*z)")?.to_latex(), r"\frac{x}{y z}");
    Ok(())
}

#[test]
fn a_smooth_piecewise_gets_no_note_and_a_step_gets_a_jump_note() -> TestResult {
    let smooth = Piecewise::new("x", Expr::parse("x^2")?, Expr::number(0.0))?;
    assert_eq!(smooth.diff("x")?.note(), None);
    let step = Piecewise::new("x", Expr::number(1.0), Expr::number(0.0))?;
    let note = step.diff("x")?.note().map(str::to_string);
    assert!(note.is_some_and(|n| n.contains("jumps from 0 to 1")));
    Ok(())
}

/// A random formula in `x` and `y` built from `+ - * / ^`, unary minus and `sin`.
fn random_formula(rng: &mut Xoshiro256PlusPlus, depth: u32) -> String {
    if depth == 0 || rng.random_range(0..4) == 0 {
        return ["x", "y", "2", "3", "0.5"][rng.random_range(0..5)].to_string();
    }
    let (a, b) = (
        random_formula(rng, depth - 1),
        random_formula(rng, depth - 1),
    );
    match rng.random_range(0..8) {
        0 => format!("{a} + {b}"),
        1 => format!("{a} - {b}"),
        2 => format!("({a}) * ({b})"),
        3 => format!("({a}) / ({b})"),
        4 => format!("({a})^{}", rng.random_range(1..4)),
        5 => format!("-({a})"),
        6 => format!("{a} * -({b})"),
        _ => format!("sin({a}) - -{b}"),
    }
}

/// Values of `formula` at a few points, `None` where it is undefined (a division by
/// zero) or huge.
fn sample(formula: &Expr, shift: f64) -> Vec<Option<f64>> {
    [(0.7, 1.3), (-1.1, 0.4), (2.2, -0.6)]
        .iter()
        .map(|&(x, y)| {
            let v = formula.eval(&[("x", x + shift), ("y", y)]).ok()?;
            (v.is_finite() && v.abs() < 1e6).then_some(v)
        })
        .collect()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

#[test]
fn printed_formulas_parse_back_to_the_same_values() -> TestResult {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(6);
    let mut compared = 0;
    for _ in 0..500 {
        let formula = Expr::parse(&random_formula(&mut rng, 4))?;
        let reparsed = Expr::parse(&formula.to_string())?;
        for (a, b) in sample(&formula, 0.0)
            .into_iter()
            .zip(sample(&reparsed, 0.0))
        {
            assert_eq!(a.is_some(), b.is_some(), "{formula}: {a:?} vs {b:?}");
            if let (Some(a), Some(b)) = (a, b) {
                assert!(close(a, b, 1e-9), "{formula}: {a} vs {b}");
                compared += 1;
            }
        }
    }
    assert!(
        compared > 1000,
        "only {compared} of 1500 points were defined"
    );
    Ok(())
}

#[test]
fn derivatives_match_central_differences() -> TestResult {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    let h = 1e-5;
    let mut compared = 0;
    for _ in 0..200 {
        let formula = Expr::parse(&random_formula(&mut rng, 3))?;
        let slope = formula.diff("x")?;
        let (ahead, behind) = (sample(&formula, h), sample(&formula, -h));
        for ((a, b), d) in ahead.into_iter().zip(behind).zip(sample(&slope, 0.0)) {
            if let (Some(a), Some(b), Some(d)) = (a, b, d) {
                let numeric = (a - b) / (2.0 * h);
                assert!(
                    close(numeric, d, 1e-4),
                    "d/dx {formula} = {slope}: {d} vs {numeric}"
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 400, "only {compared} of 600 points were defined");
    Ok(())
}

#[test]
fn many_threads_can_differentiate_at_once() {
    let workers: Vec<_> = (0..8)
        .map(|i| {
            std::thread::spawn(move || -> TestResult {
                for n in 1..50 {
                    let y = Expr::parse(&format!("{i}*x^{n} + w{i}*x"))?;
                    let slope = y.diff("x")?.eval(&[("x", 1.0), (&format!("w{i}"), 2.0)])?;
                    assert_eq!(slope, f64::from(i * n + 2));
                }
                Ok(())
            })
        })
        .collect();
    for worker in workers {
        worker
            .join()
            .expect("worker finished")
            .expect("worker succeeded");
    }
}
