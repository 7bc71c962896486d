//! One error type for the whole crate.
//!
//! Library code never panics on user input: a wrong shape, a bad einsum spec or a corrupt file
//! comes back as an [`Error`] whose message says what was wrong and what was expected.

use std::fmt;
use std::path::PathBuf;

/// Everything that can go wrong when calling the library with bad input.
#[derive(Debug)]
pub enum Error {
    /// Arrays whose shapes do not fit the operation, e.g. `matmul: [5, 784] @ [10, 784]`.
    Shape(String),
    /// An einsum spec that is malformed or does not match its operands.
    Einsum(String),
    /// Two arrays that should agree do not (from `test_close` and friends).
    Mismatch(String),
    /// A data file that cannot be read as the expected layout.
    Data { file: PathBuf, reason: String },
    /// A download that failed or whose checksum did not match.
    Download { url: String, reason: String },
    /// A file-system error, with the path it happened on.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A bad argument that is not about shapes (an empty data set, a zero batch size, ...).
    Invalid(String),
    /// A formula that cannot be parsed, differentiated or evaluated by the `symbolic` module.
    Symbolic(String),
    /// An error reported by the candle framework (only with the `candle` feature), with what we
    /// asked it to do.
    Candle(String),
}

/// Shorthand used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Shape(msg) => write!(f, "shape error: {msg}"),
            Error::Einsum(msg) => write!(f, "einsum error: {msg}"),
            Error::Mismatch(msg) => write!(f, "values differ: {msg}"),
            Error::Data { file, reason } => write!(f, "{}: {reason}", file.display()),
            Error::Download { url, reason } => write!(f, "download of {url} failed: {reason}"),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Invalid(msg) => write!(f, "invalid argument: {msg}"),
            Error::Symbolic(msg) => write!(f, "symbolic math error: {msg}"),
            Error::Candle(msg) => write!(f, "candle error: {msg}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A shape error for a binary operation, naming both shapes: `"matmul: [5, 784] @ [10, 784]: ..."`.
pub fn shape_error(op: &str, a: &[usize], b: &[usize], expected: &str) -> Error {
    Error::Shape(format!("{op}: got {a:?} and {b:?}; expected {expected}"))
}
