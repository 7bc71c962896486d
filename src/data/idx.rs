//! Reading IDX files, the format MNIST and Fashion-MNIST were first published in.
//!
//! An IDX file is a 4-byte magic number, one big-endian `u32` per axis, then the values in
//! row-major order:
//!
//! ```text
//! 00 00 08 03  00 00 ea 60  00 00 00 1c  00 00 00 1c  <60000 × 28 × 28 unsigned bytes>
//! zero  u8 3 axes   60000         28           28
//! ```
//!
//! The third byte is the value type (`08` = unsigned byte, the only type the MNIST files use);
//! the fourth is the number of axes. Images come as `(n, 28, 28)` bytes, labels as `(n,)` bytes.
//! The files are usually gzipped (`train-images-idx3-ubyte.gz`); [`load_idx`] reads both forms.
//! Nothing is reserved before the header has said how many values follow and the file is large
//! enough to hold them.

use std::io::Read;
use std::path::Path;

use flate2::bufread::MultiGzDecoder;
use ndarray::{ArrayD, IxDyn};

use super::{MAX_PICKLE_BYTES, data_error};
use crate::error::{Error, Result};

/// The value type byte of unsigned 8-bit values, the type of every MNIST and Fashion-MNIST file.
const UNSIGNED_BYTE: u8 = 0x08;

/// The other value types of the IDX format, named in the error that refuses them.
const OTHER_TYPES: [(u8, &str); 5] = [
    (0x09, "signed byte"),
    (0x0B, "16-bit integer"),
    (0x0C, "32-bit integer"),
    (0x0D, "32-bit float"),
    (0x0E, "64-bit float"),
];

/// Deflate's largest expansion: one compressed byte never inflates to more than 1032 bytes.
const DEFLATE_MAX_RATIO: usize = 1032;

/// Reads an IDX file of unsigned bytes, gzipped or not, into an array of the shape its header
/// gives (`(n, 28, 28)` for MNIST images, `(n,)` for labels).
///
/// Errors name the file and what was wrong: a bad magic number, a value type other than
/// unsigned byte, a file shorter or longer than the header says, a corrupt gzip stream.
pub fn load_idx(path: impl AsRef<Path>) -> Result<ArrayD<u8>> {
    let path = path.as_ref();
    let file = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_idx(&file).map_err(|reason| data_error(path, reason))
}

/// Reads IDX bytes already in memory (gzipped when they start with `1f 8b`).
pub fn parse_idx(file: &[u8]) -> Result<ArrayD<u8>, String> {
    if file.starts_with(&[0x1f, 0x8b]) {
        // The values cannot be more than deflate can produce from this many bytes.
        let most = file.len().saturating_mul(DEFLATE_MAX_RATIO);
        read_idx(
            MultiGzDecoder::new(file),
            most.min(MAX_PICKLE_BYTES as usize),
        )
    } else {
        read_idx(file, file.len())
    }
}

/// Reads the header, then exactly the values it announces (at most `most` bytes) and checks
/// that nothing follows them.
fn read_idx(mut input: impl Read, most: usize) -> Result<ArrayD<u8>, String> {
    let mut magic = [0u8; 4];
    read_header(&mut input, &mut magic, "the 4-byte magic number")?;
    let [zero_a, zero_b, value_type, axes] = magic;
    if (zero_a, zero_b) != (0, 0) {
        return Err(format!(
            "not an IDX file: expected the magic number to start with 00 00, found \
             {zero_a:02x} {zero_b:02x}"
        ));
    }
    if value_type != UNSIGNED_BYTE {
        let name = OTHER_TYPES
            .iter()
            .find(|(code, _)| *code == value_type)
            .map_or("not a type of the IDX format", |(_, name)| name);
        return Err(format!(
            "IDX value type {value_type:#04x} ({name}) is not supported; expected 0x08 \
             (unsigned byte), the type of MNIST and Fashion-MNIST"
        ));
    }
    if axes == 0 {
        return Err("the IDX header declares 0 axes; expected at least 1".into());
    }
    let mut shape = Vec::with_capacity(usize::from(axes));
    for axis in 0..axes {
        let mut size = [0u8; 4];
        read_header(&mut input, &mut size, &format!("the size of axis {axis}"))?;
        shape.push(u32::from_be_bytes(size) as usize);
    }
    let values = shape
        .iter()
        .try_fold(1usize, |n, &len| n.checked_mul(len))
        .filter(|&n| n <= most.saturating_sub(4 + 4 * shape.len()))
        .ok_or_else(|| {
            format!("the IDX header announces shape {shape:?}, more values than the file can hold")
        })?;
    let mut data = vec![0u8; values];
    let read = read_fully(&mut input, &mut data)?;
    if read < values {
        return Err(format!(
            "truncated IDX file: the header announces shape {shape:?} ({values} values), \
             found only {read}"
        ));
    }
    if read_fully(&mut input, &mut [0u8; 1])? != 0 {
        return Err(format!(
            "the IDX file goes on after the {values} values its header announces (shape \
             {shape:?})"
        ));
    }
    ArrayD::from_shape_vec(IxDyn(&shape), data).map_err(|e| e.to_string())
}

/// Fills `buffer` from the header, or says which part of it is missing.
fn read_header(input: &mut impl Read, buffer: &mut [u8], what: &str) -> Result<(), String> {
    match read_fully(input, buffer)? {
        n if n == buffer.len() => Ok(()),
        n => Err(format!(
            "truncated IDX header: expected {what} ({} bytes), found {n}",
            buffer.len()
        )),
    }
}

/// Reads until `buffer` is full or the input ends; returns how many bytes were read.
fn read_fully(input: &mut impl Read, buffer: &mut [u8]) -> Result<usize, String> {
    let mut filled = 0;
    while filled < buffer.len() {
        match input.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("corrupt or truncated gzip stream: {e}")),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;
    use crate::data::tests::gzip;

    /// An IDX file of unsigned bytes with the given shape and values.
    fn idx(shape: &[u32], values: &[u8]) -> Vec<u8> {
        let mut file = vec![0, 0, UNSIGNED_BYTE, shape.len() as u8];
        for size in shape {
            file.extend(size.to_be_bytes());
        }
        file.extend_from_slice(values);
        file
    }

    #[test]
    fn reads_images_and_labels_plain_or_gzipped() {
        let images = idx(
            &[2, 2, 3],
            &[0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255],
        );
        let expected = array![[[0u8, 1, 2], [3, 4, 5]], [[250, 251, 252], [253, 254, 255]]];
        assert_eq!(parse_idx(&images).unwrap(), expected.into_dyn());
        assert_eq!(
            parse_idx(&gzip(&images)).unwrap(),
            parse_idx(&images).unwrap()
        );
        let labels = parse_idx(&gzip(&idx(&[4], &[9, 0, 3, 7]))).unwrap();
        assert_eq!(labels, array![9u8, 0, 3, 7].into_dyn());
        assert_eq!(
            parse_idx(&idx(&[0, 28, 28], &[])).unwrap().shape(),
            [0, 28, 28]
        );
    }

    #[test]
    fn a_bad_magic_number_or_value_type_is_named() {
        let mut not_idx = idx(&[2], &[1, 2]);
        not_idx[0] = 0x50;
        let error = parse_idx(&not_idx).unwrap_err();
        assert!(error.contains("expected the magic number to start with 00 00, found 50 00"));
        let mut floats = idx(&[1], &[0, 0, 0, 0]);
        floats[2] = 0x0D;
        let error = parse_idx(&floats).unwrap_err();
        assert!(
            error.contains("0x0d (32-bit float) is not supported"),
            "{error}"
        );
        floats[2] = 0x42;
        assert!(
            parse_idx(&floats)
                .unwrap_err()
                .contains("not a type of the IDX format")
        );
        let error = parse_idx(&idx(&[], &[])).unwrap_err();
        assert!(error.contains("declares 0 axes"), "{error}");
    }

    #[test]
    fn truncated_and_overlong_files_are_refused() {
        let whole = idx(&[3, 2], &[1, 2, 3, 4, 5, 6]);
        for (cut, expected) in [
            (2, "expected the 4-byte magic number (4 bytes), found 2"),
            (9, "expected the size of axis 1 (4 bytes), found 1"),
        ] {
            let error = parse_idx(&whole[..cut]).unwrap_err();
            assert!(error.contains(expected), "{error}");
        }
        // Too short for its header: refused before anything is reserved.
        let error = parse_idx(&whole[..whole.len() - 1]).unwrap_err();
        assert!(
            error.contains("more values than the file can hold"),
            "{error}"
        );
        // The same file gzipped passes the size bound and is caught as it is read.
        let error = parse_idx(&gzip(&whole[..whole.len() - 1])).unwrap_err();
        assert!(error.contains("(6 values), found only 5"), "{error}");
        let error = parse_idx(&gzip(&[whole.as_slice(), &[0]].concat())).unwrap_err();
        assert!(error.contains("goes on after the 6 values"), "{error}");
        assert!(parse_idx(&[whole.as_slice(), &[0]].concat()).is_err());
    }

    #[test]
    fn a_huge_header_reserves_nothing() {
        // 4 axes of 2^32 - 1: the product overflows; 2^31 values: more than 40 bytes can hold,
        // plain or gzipped.
        let overflow = idx(&[u32::MAX; 4], &[]);
        assert!(
            parse_idx(&overflow)
                .unwrap_err()
                .contains("more values than")
        );
        let huge = gzip(&idx(&[1 << 31], &[1, 2, 3]));
        let error = parse_idx(&huge).unwrap_err();
        assert!(
            error.contains("shape [2147483648], more values than"),
            "{error}"
        );
    }

    #[test]
    fn corrupt_gzip_is_an_error_and_the_file_is_named() {
        let mut gz = gzip(&idx(&[100], &[7; 100]));
        let middle = gz.len() / 2;
        gz[middle] ^= 0xff;
        gz.truncate(gz.len() - 3);
        assert!(parse_idx(&gz).is_err());
        let dir = std::env::temp_dir().join(format!("idx-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("broken-idx1-ubyte.gz");
        std::fs::write(&path, &gz).unwrap();
        let error = load_idx(&path).unwrap_err().to_string();
        assert!(error.starts_with(&path.display().to_string()), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
        let missing = load_idx(dir.join("nothing")).unwrap_err();
        assert!(matches!(missing, Error::Io { .. }));
    }
}
