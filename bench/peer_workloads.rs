//! Times this crate on the peer workloads and prints one JSON line per workload in the format of
//! the peer scripts (`../shared/peers/common.py`): median / min / max wall time in ms over the
//! repeats after untimed warm-up runs, and the median CPU time of the timing thread.
//! `bench/compare.sh` runs it next to the numpy and JAX scripts and prints the ratios.
//!
//! ```text
//! cargo run --release --example peer_workloads -- [train|fwd_bwd|matmul|load] [--repeats N] [--warmup N]
//!     [--engines avx512,avx2,portable]
//! ```
//!
//! The fast paths run once per engine level (default: every level this CPU has, see
//! `Engine::available`), each case named `.../<level>`; the readable code runs once.

mod workloads;

use std::fmt::Write as _;
use std::time::Instant;

use foundations::backprop::forward_and_backward;
use foundations::data::{load_mnist, locate};
use foundations::einsum::einsum;
use foundations::fast::{Engine, FastMlp, FusedForwardBackward};
use foundations::matmul_loops::{matmul_dot, matmul_loops, matmul_rowcol};
use foundations::training::{fit_basic, mlp};
use foundations::{Result, broadcast::matmul_broadcast};
use ndarray::{Array2, s};
use workloads::*;

/// Nanoseconds of CPU time this thread has used (`None` where the clock is missing).
fn thread_cpu_ns() -> Option<u64> {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec into the valid `t`.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
    ok.then(|| t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64)
}

/// Timing of one case, in milliseconds.
struct Stats {
    walls: Vec<f64>,
    cpus: Vec<f64>,
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    }
}

impl Stats {
    fn json(&self) -> String {
        let min = self.walls.iter().copied().fold(f64::INFINITY, f64::min);
        let max = self.walls.iter().copied().fold(0.0, f64::max);
        let mut s = format!(
            "{{\"median_ms\": {:.4}, \"min_ms\": {min:.4}, \"max_ms\": {max:.4}, \"n\": {}",
            median(&self.walls),
            self.walls.len()
        );
        if self.cpus.len() == self.walls.len() {
            let _ = write!(s, ", \"cpu_median_ms\": {:.4}", median(&self.cpus));
        }
        s + "}"
    }
}

/// Runs `setup` then `run` `warmup + repeats` times; times `run` only, divided by `calls`
/// (for kernels too short to time one call at a time, `run` makes `calls` calls).
fn measure<S, T>(
    repeats: usize,
    warmup: usize,
    calls: usize,
    mut setup: impl FnMut() -> S,
    mut run: impl FnMut(S) -> Result<T>,
) -> Result<Stats> {
    let mut stats = Stats {
        walls: Vec::new(),
        cpus: Vec::new(),
    };
    for i in 0..warmup + repeats {
        let state = setup();
        let (cpu0, t0) = (thread_cpu_ns(), Instant::now());
        std::hint::black_box(run(state)?);
        let wall = t0.elapsed().as_secs_f64() * 1e3 / calls as f64;
        if i >= warmup {
            stats.walls.push(wall);
            if let (Some(a), Some(b)) = (cpu0, thread_cpu_ns()) {
                stats.cpus.push((b - a) as f64 / 1e6 / calls as f64);
            }
        }
    }
    Ok(stats)
}

/// Prints `{"bench": name, "results": {case: stats, ...}}`.
fn emit(bench: &str, cases: &[(String, Stats)]) {
    let body: Vec<String> = cases
        .iter()
        .map(|(case, st)| format!("\"{case}\": {}", st.json()))
        .collect();
    println!(
        "{{\"bench\": \"{bench}\", \"lib\": \"foundations\", \"results\": {{{}}}}}",
        body.join(", ")
    );
}

/// `calls` calls of `f` as one timed run (its results are dropped).
fn repeat_calls<T>(calls: usize, f: impl Fn() -> Result<T>) -> impl FnMut(()) -> Result<()> {
    move |()| (0..calls).try_for_each(|_| f().map(drop))
}

fn train(engines: &[Engine], repeats: usize, warmup: usize) -> Result<()> {
    let (x, y) = classification_data(ROWS, N_IN, N_CLASSES, 0);
    let start = chapter_mlp(1)?;
    let case = format!("mlp_784_50_10_ce_sgd_bs{BATCH_SIZE}_n{ROWS}");
    // The peers' data are random, and on random labels at lr 0.5 the hidden ReLUs die within the
    // epoch, which our kernels exploit (they skip rows whose ReLU gradient is zero) and dense
    // BLAS cannot. The same epoch on real images shows what that skipping is worth on real data:
    // numpy's and JAX's dense products cost the same on any data, so the ratio is still fair.
    let fashion = load_mnist(locate("fashion_mnist.pkl.gz")?)?;
    let (real_x, real_y) = (fashion.train.x, fashion.train.y.to_vec());
    let mut cases = Vec::new();
    for &engine in engines {
        let start = start.clone().with_engine(engine);
        let epoch = |x: &Array2<f32>, y: &[usize]| {
            measure(
                repeats,
                warmup,
                1,
                || start.clone(),
                |mut m| m.fit_epoch(x, y, BATCH_SIZE, LR),
            )
        };
        let level = engine.name();
        cases.push((format!("{case}/fast_mlp/{level}"), epoch(&x, &y)?));
        cases.push((
            format!("{case}/fast_mlp_on_fashion_mnist/{level}"),
            epoch(&real_x, &real_y)?,
        ));
    }
    let mut trained = start.clone();
    trained.fit_epoch(&real_x, &real_y, BATCH_SIZE, LR)?;
    let mut random = start.clone();
    random.fit_epoch(&x, &y, BATCH_SIZE, LR)?;
    eprintln!(
        "active hidden ReLUs after one epoch (first 5000 rows): random data {:.2}, real Fashion-MNIST {:.2}",
        active_fraction(&random, &x),
        active_fraction(&trained, &real_x)
    );
    let readable = measure(
        repeats.min(3),
        warmup.min(1),
        1,
        || mlp(&[N_IN, N_HIDDEN, N_CLASSES], 1),
        |m| fit_basic(&mut m?, &x, &y, 1, BATCH_SIZE, LR),
    )?;
    cases.push((format!("{case}/readable_fit_basic"), readable));
    emit("train", &cases);
    Ok(())
}

/// The share of hidden units that a ReLU lets through, over the first 5000 rows of `x`.
fn active_fraction(model: &FastMlp, x: &Array2<f32>) -> f64 {
    let p = model.params();
    let rows = x.slice(s![..5000.min(x.nrows()), ..]);
    let z = rows.dot(&p.w1) + &p.b1; // z = x·w1 + b1: the hidden layer before its ReLU
    z.iter().filter(|&&v| v > 0.0).count() as f64 / z.len() as f64
}

fn fwd_bwd(engines: &[Engine], repeats: usize, warmup: usize) -> Result<()> {
    let (x, y, params) = regression_problem(0);
    let case = "mlp_784_50_1_mse_n50000";
    let mut cases = Vec::new();
    for &engine in engines {
        let mut work = FusedForwardBackward::with_engine(engine);
        let fused = measure(repeats, warmup, 1, || (), |()| work.run(&x, &y, &params))?;
        cases.push((format!("{case}/fused/{}", engine.name()), fused));
    }
    let readable = measure(
        repeats.min(3),
        warmup.min(1),
        1,
        || (),
        |()| forward_and_backward(&x, &y, &params),
    )?;
    cases.push((format!("{case}/readable"), readable));
    emit("fwd_bwd", &cases);
    Ok(())
}

fn matmul(engines: &[Engine], repeats: usize, warmup: usize) -> Result<()> {
    let (x, w) = matmul_operands(ROWS, N_IN, N_HIDDEN, 0);
    let mut large_fast = Vec::new();
    for &engine in engines {
        let stats = measure(repeats, warmup, 1, || (), |()| fast_matmul(engine, &x, &w))?;
        large_fast.push((format!("large_50000x784x50/fast/{}", engine.name()), stats));
    }
    let large_dot = measure(repeats, warmup, 1, || (), |()| matmul_dot(&x, &w))?;
    let (a, b) = matmul_operands(5, N_IN, 10, 1);
    let (av, bv) = (a.view().into_dyn(), b.view().into_dyn());
    let calls = 1000;
    let loops = measure(repeats, warmup, 1, || (), |()| matmul_loops(&a, &b))?;
    let rowcol = measure(
        repeats,
        warmup,
        calls,
        || (),
        repeat_calls(calls, || matmul_rowcol(&a, &b)),
    )?;
    let broadcast = measure(
        repeats,
        warmup,
        calls,
        || (),
        repeat_calls(calls, || matmul_broadcast(&a, &b)),
    )?;
    let einsum_case = measure(
        repeats,
        warmup,
        calls,
        || (),
        repeat_calls(calls, || einsum("ik,kj->ij", &[av.clone(), bv.clone()])),
    )?;
    let dot = measure(
        repeats,
        warmup,
        calls,
        || (),
        repeat_calls(calls, || matmul_dot(&a, &b)),
    )?;
    let fast = measure(
        repeats,
        warmup,
        calls,
        || (),
        repeat_calls(calls, || fast_matmul(Engine::detect(), &a, &b)),
    )?;
    let small = [
        ("small_5x784x10/loops", loops),
        ("small_5x784x10/rowcol", rowcol),
        ("small_5x784x10/broadcast", broadcast),
        ("small_5x784x10/einsum", einsum_case),
        ("small_5x784x10/dot", dot),
        ("small_5x784x10/fast", fast),
        ("large_50000x784x50/dot", large_dot),
    ];
    let mut cases: Vec<(String, Stats)> = small
        .into_iter()
        .map(|(name, stats)| (name.to_string(), stats))
        .collect();
    cases.extend(large_fast);
    emit("matmul", &cases);
    Ok(())
}

fn load(repeats: usize, warmup: usize) -> Result<()> {
    let path = locate("fashion_mnist.pkl.gz")?;
    let stats = measure(repeats, warmup, 1, || (), |()| load_mnist(&path))?;
    emit("load", &[("fashion_mnist_pkl_gz".to_string(), stats)]);
    Ok(())
}

/// The engines named by `--engines a,b,...` (every one this CPU has when the flag is absent); a
/// level this CPU lacks is an error, not a silent skip.
fn engines(args: &[String]) -> Result<Vec<Engine>> {
    let available = Engine::available();
    let Some(list) = args
        .iter()
        .position(|a| a == "--engines")
        .and_then(|i| args.get(i + 1))
    else {
        return Ok(available);
    };
    list.split(',')
        .map(|name| {
            let found = available.iter().find(|e| e.name() == name);
            found.copied().ok_or_else(|| {
                let names: Vec<_> = available.iter().map(|e| e.name()).collect();
                foundations::Error::Invalid(format!(
                    "--engines: {name} is not an engine of this CPU; it has {}",
                    names.join(", ")
                ))
            })
        })
        .collect()
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |flag: &str, default: usize| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (repeats, warmup) = (number("--repeats", 5), number("--warmup", 1));
    let engines = engines(&args)?;
    let all = ["train", "fwd_bwd", "matmul", "load"];
    let chosen: Vec<&str> = all
        .iter()
        .copied()
        .filter(|w| args.iter().any(|a| a == w))
        .collect();
    for workload in if chosen.is_empty() {
        all.to_vec()
    } else {
        chosen
    } {
        match workload {
            "train" => train(&engines, repeats, warmup)?,
            "fwd_bwd" => fwd_bwd(&engines, repeats, warmup)?,
            "matmul" => matmul(&engines, repeats, warmup)?,
            _ => load(repeats, warmup)?,
        }
    }
    Ok(())
}
