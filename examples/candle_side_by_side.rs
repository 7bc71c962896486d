//! Our gradients and training loop next to candle's, on mnist10k:
//!
//! ```sh
//! FOUNDATIONS_DATA=/path/to/data cargo run --release --features candle --example candle_side_by_side
//! ```

#[cfg(feature = "candle")]
fn main() -> foundations::Result<()> {
    use foundations::candle_bridge::{autograd_check, compare_training};
    use foundations::data::{load_mnist, locate};

    let mnist = load_mnist(locate("mnist10k.pkl.gz")?)?;
    println!("{}", autograd_check(&mnist, 64, 0)?);
    println!("{}", compare_training(&mnist, 3, 0)?);
    Ok(())
}

#[cfg(not(feature = "candle"))]
fn main() {
    eprintln!("this example needs the candle feature: add `--features candle`");
    std::process::exit(2);
}
