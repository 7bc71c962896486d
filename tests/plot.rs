//! Every figure kind rendered to PNG and SVG: the PNG decodes to the promised size and is not
//! blank, the SVG names what it should, and bad input is an error or a visible note.

use foundations::Error;
use foundations::plot::{self, DigitGrid, Figure, HeatMap, LineChart};
use ndarray::Array2;

/// Decodes a PNG into `(width, height, rgb bytes)`.
fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png_bytes))
        .read_info()
        .expect("a valid PNG");
    let mut rgb = vec![0; reader.output_buffer_size().expect("a sane size")];
    let info = reader.next_frame(&mut rgb).expect("one frame");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    rgb.truncate(info.buffer_size());
    (info.width, info.height, rgb)
}

/// Variance of all channel values: 0 for a blank image.
fn variance(rgb: &[u8]) -> f64 {
    let n = rgb.len() as f64;
    let mean = rgb.iter().map(|&v| v as f64).sum::<f64>() / n;
    rgb.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / n
}

/// Pixels for which `pick(r, g, b)` holds.
fn count_pixels(rgb: &[u8], pick: impl Fn(u8, u8, u8) -> bool) -> usize {
    rgb.chunks(3).filter(|p| pick(p[0], p[1], p[2])).count()
}

/// Renders both formats, checks the PNG's size and that it is not blank, and returns
/// the decoded pixels with the SVG text.
fn render(fig: &Figure) -> (Vec<u8>, String) {
    let (w, h, rgb) = decode(&fig.to_png().unwrap());
    assert_eq!((w, h), fig.size());
    assert!(
        variance(&rgb) > 100.0,
        "the PNG looks blank: variance {}",
        variance(&rgb)
    );
    let svg = fig.to_svg().unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    (rgb, svg)
}

fn assert_contains_all(svg: &str, texts: &[&str]) {
    for t in texts {
        assert!(svg.contains(t), "the SVG should contain {t:?}");
    }
}

#[test]
fn a_line_chart_shows_its_title_axes_and_legend() {
    let fig = LineChart::new("training loss")
        .x_label("batch")
        .y_label("cross-entropy")
        .line("train", &[2.3, 1.2, 0.7, 0.5])
        .line("valid", &[2.4f32, 1.4, 0.9, 0.8])
        .figure()
        .unwrap();
    let (rgb, svg) = render(&fig);
    assert_contains_all(
        &svg,
        &["training loss", "batch", "cross-entropy", "train", "valid"],
    );
    assert!(
        !svg.contains("not drawn"),
        "nothing was dropped, so no note"
    );
    let blue = count_pixels(&rgb, |r, g, b| b > 150 && r < 80 && g > 90 && g < 150);
    let orange = count_pixels(&rgb, |r, g, b| r > 230 && g > 100 && g < 150 && b < 40);
    assert!(
        blue > 100 && orange > 100,
        "both series drawn in their colours: {blue} blue, {orange} orange pixels"
    );
}

#[test]
fn a_log_scale_spans_sixty_decades_and_reports_points_it_cannot_draw() {
    let mut exploding: Vec<f64> = (0..=60).map(|k| 10f64.powi(k - 30)).collect();
    exploding[40] = f64::NAN;
    exploding[41] = f64::INFINITY;
    exploding[42] = f64::NEG_INFINITY;
    let fig = LineChart::new("std per layer")
        .log_y()
        .line("randn ×1", &exploding)
        .line("flat", &[1.0, 0.0, 1.0])
        .figure()
        .unwrap();
    let (_, svg) = render(&fig);
    assert_contains_all(
        &svg,
        &[
            "3 non-finite points not drawn",
            "1 point ≤ 0 not drawn on the log scale",
            "randn ×1 (3 not drawn)",
            "flat (1 not drawn)",
            "1e-30",
            "1e30",
        ],
    );
}

#[test]
fn a_chart_with_nothing_finite_is_drawn_with_the_note_instead_of_failing() {
    let fig = LineChart::new("diverged")
        .line("loss", &[f64::NAN, f64::NAN])
        .figure()
        .unwrap();
    let (_, svg) = render(&fig);
    assert!(svg.contains("2 non-finite points not drawn"));
}

#[test]
fn bad_line_input_is_an_error_that_says_what_is_wrong() {
    let no_series = LineChart::new("empty").figure().unwrap_err();
    assert!(
        matches!(no_series, Error::Invalid(_)) && no_series.to_string().contains("no series"),
        "{no_series}"
    );
    let empty = LineChart::new("c")
        .line::<f64>("nothing", &[])
        .figure()
        .unwrap_err();
    assert!(
        empty.to_string().contains("'nothing' has no points"),
        "{empty}"
    );
    let mismatched = LineChart::new("c")
        .line_xy("s", &[0.0, 1.0, 2.0], &[1.0, 2.0])
        .figure()
        .unwrap_err();
    assert!(
        matches!(mismatched, Error::Shape(_)) && mismatched.to_string().contains("[3] and [2]"),
        "{mismatched}"
    );
    let bad_range = LineChart::new("c")
        .log_y()
        .y_range(0.0, 1.0)
        .line("s", &[1.0])
        .figure()
        .unwrap_err();
    assert!(
        bad_range.to_string().contains("> 0 on a log scale"),
        "{bad_range}"
    );
    assert!(Figure::grid(2, vec![]).is_err());
}

#[test]
fn png_bytes_are_the_same_for_the_same_figure_and_differ_for_different_data() {
    let chart = |last: f64| {
        LineChart::new("same")
            .line("a", &[1.0, 2.0, last])
            .figure()
            .unwrap()
    };
    assert_eq!(chart(3.0).to_png().unwrap(), chart(3.0).to_png().unwrap());
    assert_ne!(chart(3.0).to_png().unwrap(), chart(5.0).to_png().unwrap());
    assert_eq!(chart(3.0).to_svg().unwrap(), chart(3.0).to_svg().unwrap());
}

#[test]
fn training_telemetry_figures_have_a_panel_per_statistic_and_a_series_per_layer() {
    let per_layer = |f: fn(f64, f64) -> f64| -> Vec<Vec<f64>> {
        (0..3)
            .map(|l| (0..120).map(|b| f(l as f64, b as f64)).collect())
            .collect()
    };
    let means = per_layer(|l, b| 0.1 * l + (b / 20.0).sin() * 0.2);
    let stds = per_layer(|l, b| 1.0 + 0.3 * l * (b / 30.0).cos());
    let (_, svg) = render(&plot::activation_means_stds(&means, &stds).unwrap());
    assert_contains_all(
        &svg,
        &[
            "mean of activations",
            "std of activations",
            "layer 1",
            "layer 3",
        ],
    );
    let dead = per_layer(|l, b| 0.1 * l + b / 400.0);
    let (_, svg) = render(&plot::dead_fractions(&dead).unwrap());
    assert_contains_all(&svg, &["fraction of near-zero activations", "layer 2"]);
    let loss: Vec<f64> = (0..90).map(|b| 2.3 / (1.0 + b as f64 / 10.0)).collect();
    let (_, svg) =
        render(&plot::loss_and_accuracy(&loss, &[0.6, 0.4, 0.3], &[0.8, 0.88, 0.9]).unwrap());
    assert_contains_all(
        &svg,
        &[
            "loss",
            "validation accuracy",
            "training (per batch)",
            "validation (per epoch)",
        ],
    );
    assert!(
        plot::activation_means_stds(&means, &stds[..2]).is_err(),
        "layer counts must agree"
    );
    assert!(
        plot::loss_and_accuracy(&loss, &[0.6], &[0.8, 0.9]).is_err(),
        "one loss and one accuracy per epoch"
    );
}

#[test]
fn activation_histograms_are_heat_maps_with_one_panel_per_layer() {
    // bin counts peaked at a bin that drifts down as training goes on
    let layer = |shift: f64| -> Vec<Vec<f64>> {
        (0..200)
            .map(|b| {
                (0..40)
                    .map(|bin| {
                        (500.0
                            * (-(bin as f64 - 30.0 + b as f64 / 10.0 + shift).powi(2) / 10.0).exp())
                        .floor()
                    })
                    .collect()
            })
            .collect()
    };
    let fig =
        plot::activation_histograms(&[layer(0.0), layer(3.0), layer(6.0)], (0.0, 10.0)).unwrap();
    let (rgb, svg) = render(&fig);
    assert_contains_all(
        &svg,
        &[
            "histograms of activations over training",
            "layer 1",
            "layer 3",
            "ln(1+count)",
            "batch",
        ],
    );
    let yellow = count_pixels(&rgb, |r, g, b| r > 200 && g > 200 && b < 80);
    let purple = count_pixels(&rgb, |r, g, b| r > 50 && r < 90 && g < 20 && b > 70);
    assert!(
        yellow > 1000 && purple > 1000,
        "viridis from empty (purple) to full (yellow) bins: {yellow} yellow, {purple} purple"
    );
    let ragged = vec![vec![1.0; 40], vec![1.0; 39]];
    let err = plot::activation_histograms(&[ragged], (0.0, 10.0)).unwrap_err();
    assert!(err.to_string().contains("batch 1"), "{err}");
}

#[test]
fn a_weight_heat_map_is_red_where_positive_blue_where_negative_and_marks_non_finite() {
    // w1 of shape (784, 50); its transpose has the first 392 inputs positive, the rest negative
    let w1 = Array2::from_shape_fn((784, 50), |(i, _)| if i < 392 { 0.3f32 } else { -0.3 });
    let fig = plot::weight_heatmap("w1ᵀ", &w1.t()).unwrap();
    let (rgb, svg) = render(&fig);
    assert_contains_all(&svg, &["w1ᵀ", "unit", "input", "weight"]);
    let red = count_pixels(&rgb, |r, g, b| r > 150 && g < 60 && b < 70);
    let blue = count_pixels(&rgb, |r, g, b| b > 150 && r < 60 && g < 120);
    assert!(
        red > 20_000 && blue > 20_000,
        "{red} red and {blue} blue pixels"
    );
    let mut broken = w1.clone();
    broken[[3, 7]] = f32::NAN;
    let (_, svg) = render(&plot::weight_heatmap("broken", &broken.t()).unwrap());
    assert!(svg.contains("1 non-finite values drawn in black"));
    let err = HeatMap::new("empty", &Array2::<f64>::zeros((0, 5)))
        .figure()
        .unwrap_err();
    assert!(matches!(err, Error::Shape(_)), "{err}");
}

/// `n` fake digits: rings of different sizes, 784 pixels each.
fn rings(n: usize) -> Array2<f32> {
    Array2::from_shape_fn((n, 784), |(i, k)| {
        let (r, c) = ((k / 28) as f64 - 13.5, (k % 28) as f64 - 13.5);
        let radius = 5.0 + (i % 6) as f64;
        if ((r * r + c * c).sqrt() - radius).abs() < 1.5 {
            1.0
        } else {
            0.0
        }
    })
}

#[test]
fn a_digit_grid_captions_labels_and_frames_wrong_predictions_in_red() {
    let labels: Vec<usize> = (0..12).map(|i| i % 10).collect();
    let mut predictions = labels.clone();
    let (rgb, _) = render(
        &DigitGrid::new("digits", &rings(12), &labels)
            .predictions(&predictions)
            .figure()
            .unwrap(),
    );
    let is_red = |r: u8, g: u8, b: u8| r > 170 && g < 60 && b < 60;
    assert_eq!(count_pixels(&rgb, is_red), 0, "all right: nothing red");
    predictions[4] = 9;
    let (rgb, svg) = render(
        &DigitGrid::new("digits", &rings(12), &labels)
            .predictions(&predictions)
            .figure()
            .unwrap(),
    );
    let red = count_pixels(&rgb, is_red);
    assert!(
        red > 1000,
        "the wrong one is framed in red: {red} red pixels"
    );
    assert_contains_all(&svg, &["digits", "1 of 12 wrong", "4 (9)", "3 (3)"]);
    let dark = count_pixels(&rgb, |r, g, b| r < 40 && g < 40 && b < 40);
    assert!(
        dark > 12 * 100,
        "the rings are drawn in dark ink: {dark} dark pixels"
    );
}

#[test]
fn bad_digit_input_is_an_error() {
    let short_rows = Array2::<f32>::zeros((4, 783));
    let err = DigitGrid::new("d", &short_rows, &[1, 2, 3, 4])
        .figure()
        .unwrap_err();
    assert!(
        matches!(err, Error::Shape(_)) && err.to_string().contains("784"),
        "{err}"
    );
    let err = DigitGrid::new("d", &rings(4), &[1, 2, 3])
        .figure()
        .unwrap_err();
    assert!(err.to_string().contains("one label per image"), "{err}");
    let err = DigitGrid::new("d", &rings(4), &[1, 2, 3, 4])
        .predictions(&[1])
        .figure()
        .unwrap_err();
    assert!(
        err.to_string().contains("one prediction per image"),
        "{err}"
    );
    assert!(DigitGrid::new("d", &rings(0), &[]).figure().is_err());
}

#[test]
fn save_picks_the_format_by_extension_and_leaves_no_temporary_file() {
    let dir = std::env::temp_dir().join(format!("foundations-plot-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fig = LineChart::new("saved")
        .line("a", &[1.0, 2.0])
        .figure()
        .unwrap();
    fig.save(dir.join("a.png")).unwrap();
    fig.save(dir.join("a.svg")).unwrap();
    assert_eq!(
        std::fs::read(dir.join("a.png")).unwrap(),
        fig.to_png().unwrap()
    );
    assert!(
        std::fs::read_to_string(dir.join("a.svg"))
            .unwrap()
            .contains("saved")
    );
    let err = fig.save(dir.join("a.txt")).unwrap_err();
    assert!(err.to_string().contains(".png or .svg"), "{err}");
    let err = fig
        .save(dir.join("missing-folder").join("a.png"))
        .unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err}");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a.png", "a.svg"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn evcxr_content_is_a_base64_png_between_the_markers() {
    use base64::Engine;
    let fig = LineChart::new("inline")
        .line("a", &[3.0, 1.0])
        .figure()
        .unwrap();
    let block = fig.evcxr_content().unwrap();
    let body = block
        .strip_prefix("EVCXR_BEGIN_CONTENT image/png\n")
        .and_then(|b| b.strip_suffix("\nEVCXR_END_CONTENT\n"))
        .expect("the evcxr markers");
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap();
    assert_eq!(decoded, fig.to_png().unwrap());
}

#[test]
fn figures_take_a_title_and_a_size() {
    let chart = || LineChart::new("a").line("s", &[1.0, 2.0]);
    let fig = Figure::grid(2, vec![chart().into(), chart().into(), chart().into()])
        .unwrap()
        .with_title("three panels");
    let (w, h) = fig.size();
    assert!(w > h, "two columns, two rows of wide panels: {w}×{h}");
    let (_, svg) = render(&fig);
    assert!(svg.contains("three panels"));
    let small = fig.with_size(400, 300).unwrap();
    assert_eq!(decode(&small.to_png().unwrap()).0, 400);
    assert!(small.with_size(10, 10_000).is_err());
}

#[test]
fn the_deep_stack_experiment_plots_exploding_vanishing_and_steady_activations() {
    use foundations::init::{Activation, WeightScale, deep_stack};
    let stds = |scale| {
        deep_stack(0, 50, 100, 100, scale, Activation::Identity)
            .iter()
            .map(|s| s.std)
            .collect::<Vec<f64>>()
    };
    let curves = [
        ("randn ×1", stds(WeightScale::Constant(1.0))),
        ("randn ×0.01", stds(WeightScale::Constant(0.01))),
        ("1/√n", stds(WeightScale::InvSqrtFanIn)),
    ];
    let exploded = curves[0].1.iter().filter(|s| !s.is_finite()).count();
    assert!(exploded > 0, "×1 overflows f32 within 50 layers");
    let fig = plot::layer_stds("std of activations, 50 linear layers", &curves).unwrap();
    let (_, svg) = render(&fig);
    assert_contains_all(
        &svg,
        &[
            "std of activations, 50 linear layers",
            "1/√n",
            &format!("randn ×1 ({exploded} not drawn)"),
            &format!("{exploded} non-finite points not drawn"),
        ],
    );
}

#[test]
fn a_short_training_run_on_mnist10k_gives_every_telemetry_figure() {
    use foundations::backprop::Module;
    use foundations::data;
    use foundations::training::{ActivationStats, DataLoader, Dataset, Sgd, mlp, train_step};
    let mnist = data::load_mnist(data::locate("mnist10k.pkl.gz").unwrap()).unwrap();
    let train = mnist.train.head(1280).unwrap();
    let (mean, std) = data::mean_std(&train.x);
    let dataset = Dataset::new(data::normalize(&train.x, mean, std), train.y.clone()).unwrap();
    let mut loader = DataLoader::new(dataset, 64, Some(1)).unwrap();
    let mut model = mlp(&[784, 50, 10], 1).unwrap();
    let (opt, mut stats, mut batch_loss) = (Sgd::new(0.5f32), ActivationStats::new(), Vec::new());
    for batch in loader.batches() {
        batch_loss.push(
            train_step(&mut model, &opt, batch.x, &batch.y, &mut stats)
                .unwrap()
                .0,
        );
    }
    assert_eq!(
        (stats.layers.len(), batch_loss.len()),
        (3, 20),
        "Lin, Relu, Lin over 20 batches"
    );

    let (_, svg) = render(&plot::recorded_means_stds(&stats).unwrap());
    assert_contains_all(
        &svg,
        &["mean of activations", "std of activations", "layer 3"],
    );
    assert!(!svg.contains("layer 4") && !svg.contains("not drawn"));
    let (_, svg) = render(&plot::recorded_dead_fractions(&stats).unwrap());
    assert_contains_all(&svg, &["fraction of near-zero activations", "layer 2"]);
    let (_, svg) = render(&plot::recorded_histograms(&stats).unwrap());
    assert_contains_all(&svg, &["layer 1", "layer 3", "|activation|", "ln(1+count)"]);
    let (_, svg) = render(&plot::loss_and_accuracy(&batch_loss, &[0.5], &[0.85]).unwrap());
    assert!(svg.contains("training (per batch)"));

    let w1 = model
        .parameters()
        .remove(0)
        .value
        .to_owned()
        .into_dimensionality::<ndarray::Ix2>()
        .unwrap();
    assert_eq!(w1.dim(), (784, 50));
    let (_, svg) = render(&plot::weight_heatmap("w1ᵀ", &w1.t()).unwrap());
    assert!(svg.contains("weight"));

    let shown = mnist.valid.head(16).unwrap();
    let logits = model.forward(data::normalize(&shown.x, mean, std)).unwrap();
    let predictions: Vec<usize> = logits
        .rows()
        .into_iter()
        .map(|row| (0..10).fold(0, |best, k| if row[k] > row[best] { k } else { best }))
        .collect();
    let labels = shown.y.to_vec();
    let wrong = labels
        .iter()
        .zip(&predictions)
        .filter(|(l, p)| l != p)
        .count();
    let grid = DigitGrid::new("validation digits", &shown.x, &labels).predictions(&predictions);
    let (_, svg) = render(&grid.figure().unwrap());
    let summary = match wrong {
        0 => "all 16 predicted right".to_string(),
        _ => format!("{wrong} of 16 wrong"),
    };
    assert_contains_all(
        &svg,
        &[&summary, &format!("{} ({})", labels[0], predictions[0])],
    );
}

#[test]
fn empty_recorded_statistics_are_an_error_not_an_empty_figure() {
    let stats = foundations::training::ActivationStats::new();
    let err = plot::recorded_means_stds(&stats).unwrap_err();
    assert!(err.to_string().contains("no series"), "{err}");
    assert!(plot::recorded_histograms(&stats).is_err());
}

#[test]
fn extreme_values_and_tiny_sizes_never_panic_or_hang() {
    let all_nan = Array2::from_elem((3, 3), f64::NAN);
    let huge = Array2::from_shape_fn((3, 3), |(i, j)| if i == j { 1e308 } else { -1e308 });
    let figures = [
        LineChart::new("huge y")
            .line("a", &[-1e308, 1e308, 1.0])
            .figure(),
        LineChart::new("huge x")
            .line_xy("a", &[-1e308, 1e308], &[1.0, 2.0])
            .figure(),
        LineChart::new("edge").line("a", &[-1e300, 1e300]).figure(),
        LineChart::new("tiny span")
            .line("a", &[1.0, 1.0 + 1e-15, 1.0])
            .figure(),
        LineChart::new("subnormal")
            .line("a", &[0.0, 1e-310])
            .figure(),
        LineChart::new("log")
            .log_y()
            .line("a", &[f64::MAX, f64::MIN_POSITIVE, 5e-324])
            .figure(),
        HeatMap::new("huge", &huge).figure(),
        HeatMap::new("huge", &huge).diverging().figure(),
        HeatMap::new("nan", &all_nan).figure(),
        HeatMap::new("nan", &all_nan).diverging().figure(),
        DigitGrid::new("nan", &Array2::from_elem((2, 784), f32::NAN), &[1, 2]).figure(),
        DigitGrid::new("max", &Array2::from_elem((1, 784), f32::MAX), &[1]).figure(),
    ];
    for fig in figures {
        let fig = fig.unwrap();
        for (w, h) in [(64, 64), (200, 120)] {
            let small = fig.clone().with_size(w, h).unwrap();
            assert_eq!(decode(&small.to_png().unwrap()).0, w);
            assert!(small.to_svg().is_ok());
        }
        render(&fig);
    }
    let (_, svg) = render(
        &LineChart::new("huge")
            .line("a", &[-1e308, 1.0, 2.0])
            .figure()
            .unwrap(),
    );
    assert!(svg.contains("1 point beyond ±1e300 not drawn"));
    let (_, svg) = render(&HeatMap::new("huge", &huge).figure().unwrap());
    assert!(svg.contains("(9 beyond ±1e300 values drawn in red)"));
}
