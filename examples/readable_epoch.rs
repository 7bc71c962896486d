//! Times one epoch of the readable training loop exactly as `notebooks/07_training.ipynb` times
//! it: `fit_basic` over the MNIST sample's 2000 training digits, batches of 64, learning rate 0.5,
//! on the `mlp(&[784, 50, 10], 42)` model after one untimed epoch, five timed runs after
//! `timeit`'s warm-up call. The notebook compiles the library like this release build (see
//! `notebooks/.cargo/config.toml`), so the two figures should agree:
//!
//! ```text
//! cargo run --release --example readable_epoch [-- RUNS]
//! ```

use foundations::Result;
use foundations::data::{load_mnist, locate};
use foundations::tensor::timeit;
use foundations::training::{fit_basic, mlp};

fn main() -> Result<()> {
    let runs = match std::env::args().nth(1) {
        None => 5,
        Some(arg) => arg.parse().map_err(|_| {
            foundations::Error::Invalid(format!(
                "readable_epoch: runs `{arg}`; expected a whole number of timed runs"
            ))
        })?,
    };
    let mnist = load_mnist(locate("mnist_sample.pkl.gz")?)?;
    let (x, y) = (&mnist.train.x, &mnist.train.y);
    let mut model = mlp(&[784, 50, 10], 42)?;
    fit_basic(&mut model, x, y, 1, 64, 0.5)?;
    let epoch = timeit(runs, 1, || fit_basic(&mut model, x, y, 1, 64, 0.5));
    println!("readable loop: {epoch}");
    Ok(())
}
