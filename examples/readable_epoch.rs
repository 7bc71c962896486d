//! Times one epoch of the readable training loop exactly as `notebooks/07_training.ipynb` times
//! it: `fit_basic` over the MNIST sample's 2000 training digits, batches of 64, learning rate 0.5,
//! on the `mlp(&[784, 50, 10], 42)` model after one untimed epoch, with `timeit` (a warm-up call,
//! then RUNS timed ones, 5 as in the notebook). The notebook compiles the library as this release
//! build does (see `notebooks/.cargo/config.toml`), so the two figures should agree:
//!
//! ```text
//! cargo run --release --example readable_epoch [-- RUNS]
//! ```
//!
//! On a busy machine the wall time also counts the time spent waiting for a core, so the CPU time
//! of the timing thread is printed too, with their ratio.

use foundations::Result;
use foundations::data::{load_mnist, locate};
use foundations::tensor::timeit;
use foundations::training::{fit_basic, mlp};

/// Seconds of CPU time this thread has used, from Linux's `/proc/thread-self/schedstat` (its
/// first field is the time spent on a core, in nanoseconds); `None` where that file is missing.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(nanos as f64 * 1e-9)
}

fn main() -> Result<()> {
    let runs: usize = match std::env::args().nth(1) {
        None => 5,
        Some(arg) => arg.parse().map_err(|_| {
            foundations::Error::Invalid(format!(
                "readable_epoch: runs `{arg}`; expected a whole number of timed runs"
            ))
        })?,
    };
    let mnist = load_mnist(locate("mnist_sample.pkl.gz")?)?;
    let (x, y) = (&mnist.train.x, mnist.train.y.to_vec());
    let mut model = mlp(&[784, 50, 10], 42)?;
    fit_basic(&mut model, x, &y, 1, 64, 0.5)?;
    let cpu_before = thread_cpu_seconds();
    let epoch = timeit(runs, 1, || fit_basic(&mut model, x, &y, 1, 64, 0.5));
    println!("readable loop: {epoch}");
    if let (Some(before), Some(after)) = (cpu_before, thread_cpu_seconds()) {
        // timeit ran the epoch runs + 1 times (its warm-up call included)
        let cpu = (after - before) / (runs + 1) as f64;
        let wall = epoch.mean;
        println!(
            "CPU time per epoch: {:.2} ms (cpu/wall {:.2})",
            cpu * 1e3,
            cpu / wall
        );
    }
    Ok(())
}
