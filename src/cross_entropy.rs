//! Stage 6: the loss — softmax, three versions of log-softmax (two of which overflow, on
//! purpose), logsumexp, negative log likelihood by integer indexing, cross-entropy, its gradient,
//! the predicted classes (argmax) and accuracy.
//!
//! Every function works row by row: a row of `logits` holds one sample's score for each class.

use ndarray::{Array1, Array2, ArrayView1, Axis};

use crate::error::{Error, Result};
use crate::tensor::Float;

// ANCHOR: softmax
/// The largest entry of a row (`-inf` for an empty row; NaNs are skipped).
fn row_max<A: Float>(row: ArrayView1<'_, A>) -> A {
    row.fold(A::neg_infinity(), |m, &v| m.max(v))
}

/// Softmax of each row: `softmax(x)_j = exp(x_j - m) / sum_k exp(x_k - m)` with `m` the row
/// max. Subtracting `m` changes nothing mathematically and keeps `exp` from overflowing.
pub fn softmax<A: Float>(x: &Array2<A>) -> Array2<A> {
    let mut out = x.clone();
    for mut row in out.rows_mut() {
        let m = row_max(row.view());
        row.mapv_inplace(|v| (v - m).exp()); // exp(x_j - m)
        let total = row.sum(); // sum_k exp(x_k - m)
        row.mapv_inplace(|v| v / total);
    }
    out
}
// ANCHOR_END: softmax

// ANCHOR: log_softmax_naive
/// Log-softmax straight from the definition: `log(exp(x) / sum(exp(x)))`.
///
/// Overflows for large logits: `exp(1000)` is `inf` and `inf / inf` is NaN. Kept to show why.
pub fn log_softmax_naive<A: Float>(x: &Array2<A>) -> Array2<A> {
    let e = x.mapv(A::exp);
    let sums = e.sum_axis(Axis(1)).insert_axis(Axis(1));
    (e / &sums).mapv(A::ln)
}
// ANCHOR_END: log_softmax_naive

// ANCHOR: log_softmax_log_rule
/// Log-softmax with the log rule `log(a / b) = log(a) - log(b)`: `x - log(sum(exp(x)))`.
///
/// No more division, but `sum(exp(x))` still overflows to `inf` for large logits.
pub fn log_softmax_log_rule<A: Float>(x: &Array2<A>) -> Array2<A> {
    let log_sums = x
        .mapv(A::exp)
        .sum_axis(Axis(1))
        .mapv(A::ln)
        .insert_axis(Axis(1));
    x - &log_sums
}
// ANCHOR_END: log_softmax_log_rule

// ANCHOR: logsumexp
/// `log(sum(exp(x)))` of each row without overflow: `m + log(sum(exp(x - m)))`, `m` = row max.
///
/// When `m` is infinite the shift is skipped (`m = 0`), so a row of `-inf` gives `-inf`, not NaN.
pub fn logsumexp<A: Float>(x: &Array2<A>) -> Array1<A> {
    x.rows()
        .into_iter()
        .map(|row| {
            let max = row_max(row);
            let m = if max.is_finite() { max } else { A::zero() };
            m + row.iter().map(|&v| (v - m).exp()).sum::<A>().ln()
        })
        .collect()
}
// ANCHOR_END: logsumexp

// ANCHOR: log_softmax
/// The stable log-softmax: `log_softmax(x) = x - logsumexp(x)`, finite for any finite logits.
pub fn log_softmax<A: Float>(x: &Array2<A>) -> Array2<A> {
    x - &logsumexp(x).insert_axis(Axis(1))
}
// ANCHOR_END: log_softmax

/// Checks that `targets` fits a `(rows, classes)` batch: same length as `rows`, not empty, and
/// every target a valid class index.
fn check_targets(op: &str, rows: usize, classes: usize, targets: &[usize]) -> Result<()> {
    if rows == 0 {
        return Err(Error::Invalid(format!(
            "{op}: empty batch (0 rows); expected at least one sample"
        )));
    }
    if targets.len() != rows {
        return Err(Error::Shape(format!(
            "{op}: {} targets for {rows} rows; expected one target per row",
            targets.len()
        )));
    }
    match targets.iter().enumerate().find(|&(_, &t)| t >= classes) {
        Some((i, &t)) => Err(Error::Invalid(format!(
            "{op}: targets[{i}] = {t} is not a class index; expected a value below {classes}"
        ))),
        None => Ok(()),
    }
}

/// The number of rows as the float type, for dividing a sum into a mean.
fn count<A: Float>(n: usize) -> A {
    A::lit(n as f64)
}

// ANCHOR: nll
/// Negative log likelihood: `nll = -mean_i log_probs[i, targets[i]]`, picking each row's
/// target entry by integer indexing.
pub fn nll<A: Float>(log_probs: &Array2<A>, targets: &[usize]) -> Result<A> {
    check_targets("nll", log_probs.nrows(), log_probs.ncols(), targets)?;
    let picked: A = targets
        .iter()
        .enumerate()
        .map(|(i, &t)| log_probs[[i, t]])
        .sum();
    Ok(-picked / count(targets.len()))
}
// ANCHOR_END: nll

// ANCHOR: cross_entropy
/// Cross-entropy loss: `cross_entropy = nll(log_softmax(logits), targets)`.
pub fn cross_entropy<A: Float>(logits: &Array2<A>, targets: &[usize]) -> Result<A> {
    check_targets("cross_entropy", logits.nrows(), logits.ncols(), targets)?;
    nll(&log_softmax(logits), targets)
}
// ANCHOR_END: cross_entropy

// ANCHOR: cross_entropy_grad
/// Gradient of [`cross_entropy`] with respect to the logits: `(softmax(logits) - onehot) / n`.
pub fn cross_entropy_grad<A: Float>(logits: &Array2<A>, targets: &[usize]) -> Result<Array2<A>> {
    check_targets(
        "cross_entropy_grad",
        logits.nrows(),
        logits.ncols(),
        targets,
    )?;
    let mut grad = softmax(logits);
    for (i, &t) in targets.iter().enumerate() {
        grad[[i, t]] -= A::one(); // softmax - onehot
    }
    Ok(grad / count::<A>(targets.len()))
}
// ANCHOR_END: cross_entropy_grad

/// The predicted class of every row: the index of its largest logit, `argmax_j logits[i, j]`
/// (the first one on ties; NaNs are skipped, and a row with nothing else gives 0).
pub fn argmax<A: Float>(logits: &Array2<A>) -> Vec<usize> {
    logits
        .rows()
        .into_iter()
        .map(|row| {
            let max = row_max(row);
            row.iter().position(|&v| v == max).unwrap_or(0)
        })
        .collect()
}

/// Accuracy: the fraction of rows whose largest logit is the target, `mean(argmax == target)`.
pub fn accuracy<A: Float>(logits: &Array2<A>, targets: &[usize]) -> Result<f64> {
    check_targets("accuracy", logits.nrows(), logits.ncols(), targets)?;
    let correct = argmax(logits)
        .iter()
        .zip(targets)
        .filter(|&(guess, target)| guess == target)
        .count();
    Ok(correct as f64 / targets.len() as f64)
}
