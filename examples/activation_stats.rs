//! Trains the chapter's MLP on mnist10k while a hook records every layer's activations, then
//! writes the book's figures to OUT_DIR:
//!
//! ```text
//! FOUNDATIONS_DATA=/path/to/data cargo run --release --example activation_stats -- OUT_DIR
//! ```
//!
//! deep_stack_linear.png / deep_stack_relu.png (std through 50 layers per init),
//! means_stds.png, near_zero.png, histograms.png (telemetry per batch), loss_accuracy.png,
//! weights.png (w1ᵀ after training) and digits.png (validation digits with predictions);
//! the line charts are also written as SVG.

use std::path::{Path, PathBuf};
use std::time::Instant;

use foundations::Result;
use foundations::backprop::Module;
use foundations::cross_entropy::{accuracy, argmax};
use foundations::data::{self, Split};
use foundations::init::{Activation, WeightScale, deep_stack};
use foundations::plot::{self, DigitGrid, Figure};
use foundations::training::{ActivationStats, DataLoader, Dataset, Learner, Sgd, mlp};
use ndarray::{Array2, Ix2, s};

const SEED: u64 = 42;
const EPOCHS: usize = 3;
const BATCH_SIZE: usize = 64;
const LEARNING_RATE: f32 = 0.5;
const SHOWN_DIGITS: usize = 36;

fn main() {
    let out_dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "figures".to_string());
    if let Err(e) = run(Path::new(&out_dir)) {
        eprintln!("activation_stats: {e}");
        std::process::exit(1);
    }
}

/// Saves `figure` as `OUT_DIR/name.ext` for each extension and prints size and render time.
fn save(figure: &Figure, out_dir: &Path, name: &str, extensions: &[&str]) -> Result<()> {
    for ext in extensions {
        let path: PathBuf = out_dir.join(format!("{name}.{ext}"));
        let start = Instant::now();
        figure.save(&path)?;
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let (w, h) = figure.size();
        println!(
            "{:<28} {w}×{h} px  {:>9} bytes  {:>6.1} ms",
            path.display(),
            bytes,
            start.elapsed().as_secs_f64() * 1e3
        );
    }
    Ok(())
}

/// The std after each of 50 layers for the chapter's inits, with `act` after every layer.
fn deep_stack_figure(act: Activation, title: &str) -> Result<Figure> {
    let inits = [
        ("randn ×1", WeightScale::Constant(1.0)),
        ("randn ×0.1 (= 1/√n at n = 100)", WeightScale::Constant(0.1)),
        ("randn ×0.01", WeightScale::Constant(0.01)),
        ("1/√n", WeightScale::InvSqrtFanIn),
        ("Kaiming √(2/n)", WeightScale::Kaiming),
    ];
    let curves: Vec<(&str, Vec<f64>)> = inits
        .iter()
        .map(|&(label, scale)| {
            (
                label,
                deep_stack(SEED, 50, 100, 100, scale, act)
                    .iter()
                    .map(|s| s.std)
                    .collect(),
            )
        })
        .collect();
    plot::layer_stds(title, &curves)
}

/// `(x - mean) / std` with the training set's statistics.
fn normalised(split: &Split, mean: f32, std: f32) -> Result<Dataset<f32>> {
    Dataset::new(data::normalize(&split.x, mean, std), split.y.clone())
}

fn run(out_dir: &Path) -> Result<()> {
    std::fs::create_dir_all(out_dir).map_err(|source| foundations::Error::Io {
        path: out_dir.to_path_buf(),
        source,
    })?;
    save(
        &deep_stack_figure(Activation::Identity, "std of activations: 50 linear layers")?,
        out_dir,
        "deep_stack_linear",
        &["png", "svg"],
    )?;
    save(
        &deep_stack_figure(Activation::Relu, "std of activations: 50 layers with ReLU")?,
        out_dir,
        "deep_stack_relu",
        &["png", "svg"],
    )?;

    let mnist = data::load_mnist(data::locate("mnist10k.pkl.gz")?)?;
    let (mean, std) = data::mean_std(&mnist.train.x);
    let (train, valid) = (
        normalised(&mnist.train, mean, std)?,
        normalised(&mnist.valid, mean, std)?,
    );
    let mut learner = Learner::new(
        mlp(&[784, 50, 10], SEED)?,
        Sgd::new(LEARNING_RATE),
        DataLoader::new(train, BATCH_SIZE, Some(SEED))?,
        DataLoader::new(valid, 256, None)?,
    )?;

    // fit keeps every batch's loss; the hook records every layer's statistics on every batch.
    let mut stats = ActivationStats::new();
    let start = Instant::now();
    let history = learner.fit(EPOCHS, &mut stats, |epoch| println!("{epoch}"))?;
    let batch_loss: Vec<f64> = history
        .iter()
        .flat_map(|epoch| epoch.batch_losses.iter().copied())
        .collect();
    let valid_loss: Vec<f64> = history.iter().map(|epoch| epoch.valid_loss).collect();
    let valid_accuracy: Vec<f64> = history.iter().map(|epoch| epoch.valid_accuracy).collect();
    println!(
        "trained {} batches in {:.1} s",
        batch_loss.len(),
        start.elapsed().as_secs_f64()
    );

    save(
        &plot::recorded_means_stds(&stats)?,
        out_dir,
        "means_stds",
        &["png", "svg"],
    )?;
    save(
        &plot::recorded_dead_fractions(&stats)?,
        out_dir,
        "near_zero",
        &["png", "svg"],
    )?;
    save(
        &plot::recorded_histograms(&stats)?,
        out_dir,
        "histograms",
        &["png"],
    )?;
    save(
        &plot::loss_and_accuracy(&batch_loss, &valid_loss, &valid_accuracy)?,
        out_dir,
        "loss_accuracy",
        &["png", "svg"],
    )?;

    let w1 = learner
        .model
        .parameters()
        .into_iter()
        .next()
        .map(|p| p.value.to_owned());
    let w1 = w1
        .and_then(|w| w.into_dimensionality::<Ix2>().ok())
        .ok_or_else(|| {
            foundations::Error::Invalid(
                "the model's first parameter is not a weight matrix".to_string(),
            )
        })?;
    save(
        &plot::weight_heatmap(
            "first-layer weights w1ᵀ after training (one row per hidden unit)",
            &w1.t(),
        )?,
        out_dir,
        "weights",
        &["png"],
    )?;

    let valid = learner.valid.dataset();
    let shown: Array2<f32> = valid.x().slice(s![..SHOWN_DIGITS, ..]).to_owned();
    let labels: Vec<usize> = valid.y().iter().take(SHOWN_DIGITS).copied().collect();
    let logits = learner.model.forward(shown)?;
    let predictions = argmax(&logits);
    println!(
        "accuracy on the shown digits: {:.3}",
        accuracy(&logits, &labels)?
    );
    let raw = mnist.valid.x.slice(s![..SHOWN_DIGITS, ..]);
    save(
        &DigitGrid::new("validation digits: label (prediction)", &raw, &labels)
            .predictions(&predictions)
            .figure()?,
        out_dir,
        "digits",
        &["png"],
    )
}
