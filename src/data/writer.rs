//! Writes splits in the classic Python-2 `mnist.pkl.gz` layout: pickle protocol 2, each numpy
//! array as `_reconstruct(ndarray, (0,), 'b')` plus a `BUILD` with
//! `(1, shape, dtype, False, raw_bytes)`, the bytes as a Python-2 `str` (`BINSTRING`). Samples
//! written this way need nothing but [`load_mnist`](super::load_mnist) to read, and Python reads
//! them with `pickle.load(f, encoding='latin1')` like the original file.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use flate2::{Compression, GzBuilder};

use super::atomic::{io_error, write_atomically};
use super::pickle::opcode::*;
use super::{Mnist, Split};
use crate::error::{Error, Result};

/// Writes `mnist` gzip-compressed to `dest`, atomically (a temporary file renamed into place).
/// The gzip header's time stamp is zero, so the same data always gives the same file.
pub fn write_mnist(mnist: &Mnist, dest: impl AsRef<Path>) -> Result<()> {
    let dest = dest.as_ref();
    let gz = gzip(&mnist_to_pickle(mnist)?, &inner_name(dest), 0)?;
    write_bytes(&gz, dest)
}

/// `pickle` compressed as Python's `gzip` module compresses at its default (best) level: the
/// deflate stream of C zlib at level 9, a header with the file name (`name`), the time stamp
/// `mtime` (seconds since 1970) and the "unknown" system byte, then CRC-32 and size. Given a
/// course file's name and time stamp this is that file byte for byte (see `data/README.md`).
pub(super) fn gzip(pickle: &[u8], name: &str, mtime: u32) -> Result<Vec<u8>> {
    let mut gz = GzBuilder::new()
        .filename(name)
        .mtime(mtime)
        .operating_system(UNKNOWN_SYSTEM)
        .write(Vec::new(), Compression::best());
    gz.write_all(pickle)
        .and_then(|()| gz.finish())
        .map_err(|e| Error::Invalid(format!("gzip compression failed: {e}")))
}

/// The name a gzip header records for `dest`: its file name without `.gz`, as Python's `gzip` does.
pub(super) fn inner_name(dest: &Path) -> String {
    dest.file_name()
        .map(|name| name.to_string_lossy().trim_end_matches(".gz").to_owned())
        .unwrap_or_default()
}

/// Writes `bytes` to `dest` atomically.
pub(super) fn write_bytes(bytes: &[u8], dest: &Path) -> Result<()> {
    write_atomically(dest, |file| file.write_all(bytes).map_err(io_error(dest)))
}

/// The gzip header's "operating system" byte for "unknown", which Python's `gzip` writes.
const UNKNOWN_SYSTEM: u8 = 255;

/// The uncompressed protocol-2 pickle of `((x, y), (x, y), (x, y))`, images as `<f4`, labels
/// as `<i8`, opcode for opcode as Python 2's cPickle wrote it: every object it could meet again
/// is stored in the memo (`BINPUT`), the globals and the two dtypes are fetched back (`BINGET`)
/// when met again, and the tuples of the three splits are built with `MARK` ... `TUPLE`. Written
/// this way, `mnist10k.pkl.gz` and `fashion_mnist.pkl.gz` rebuilt from their sources are the
/// course's files byte for byte before compression.
pub fn mnist_to_pickle(mnist: &Mnist) -> Result<Vec<u8>> {
    let mut w = Writer::default();
    w.out.extend([PROTO, 2, MARK]);
    for split in [&mnist.train, &mnist.valid, &mnist.test] {
        w.split(split)?;
    }
    w.out.push(TUPLE);
    w.put_new();
    w.out.push(STOP);
    Ok(w.out)
}

/// The pickle being written, the memo slots of the objects it reuses (globals and dtypes, by
/// name) and the number of memo slots used so far.
#[derive(Default)]
struct Writer {
    out: Vec<u8>,
    memo: HashMap<String, u32>,
    slots: u32,
}

impl Writer {
    /// `(images, labels)` as a 2-tuple.
    fn split(&mut self, split: &Split) -> Result<()> {
        self.out.push(MARK);
        // iter() walks the logical row-major order whatever the memory layout.
        let x: Vec<u8> = split.x.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.array(split.x.shape(), "f4", &x)?;
        let y = split
            .y
            .iter()
            .map(|&label| i64::try_from(label).map(i64::to_le_bytes))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| Error::Invalid("a label does not fit in int64".into()))?;
        self.array(split.y.shape(), "i8", y.as_flattened())?;
        self.out.push(TUPLE);
        self.put_new();
        Ok(())
    }

    /// `_reconstruct(ndarray, (0,), 'b')` then `BUILD` with `(1, shape, dtype, False, data)`.
    fn array(&mut self, shape: &[usize], code: &str, data: &[u8]) -> Result<()> {
        self.global("numpy.core.multiarray", "_reconstruct");
        self.global("numpy", "ndarray");
        self.int(0)?;
        self.out.push(TUPLE1);
        self.put_new();
        self.short_string(b"b");
        self.out.push(TUPLE3);
        self.put_new();
        self.out.push(REDUCE);
        self.put_new();
        self.out.push(MARK);
        self.int(1)?;
        self.shape(shape)?;
        self.dtype(code)?;
        self.out.push(NEWFALSE);
        let len = i32::try_from(data.len()).map_err(|_| {
            Error::Invalid(format!(
                "an array of {} bytes is too large for a protocol-2 BINSTRING (at most 2 GiB)",
                data.len()
            ))
        })?;
        self.out.push(BINSTRING);
        self.out.extend(len.to_le_bytes());
        self.out.extend_from_slice(data);
        self.put_new();
        self.out.push(TUPLE);
        self.put_new();
        self.out.push(BUILD);
        Ok(())
    }

    /// The shape tuple: `TUPLE1`/`TUPLE2`/`TUPLE3` after its items, as protocol 2 writes short
    /// tuples (our arrays have one or two axes).
    fn shape(&mut self, shape: &[usize]) -> Result<()> {
        let opcode = match shape.len() {
            1 => TUPLE1,
            2 => TUPLE2,
            3 => TUPLE3,
            n => return Err(Error::Invalid(format!("cannot write a {n}-axis array"))),
        };
        for &dim in shape {
            self.int(i64::try_from(dim).unwrap_or(i64::MAX))?;
        }
        self.out.push(opcode);
        self.put_new();
        Ok(())
    }

    /// `dtype(code, 0, 1)` built with state `(3, '<', None, None, None, -1, -1, 0)`, memoized.
    fn dtype(&mut self, code: &str) -> Result<()> {
        let key = format!("dtype {code}");
        if self.get(&key) {
            return Ok(());
        }
        self.global("numpy", "dtype");
        self.short_string(code.as_bytes());
        self.int(0)?;
        self.int(1)?;
        self.out.push(TUPLE3);
        self.put_new();
        self.out.push(REDUCE);
        self.put(key);
        self.out.push(MARK);
        self.int(3)?;
        self.short_string(b"<");
        self.out.extend([NONE, NONE, NONE]);
        self.int(-1)?;
        self.int(-1)?;
        self.int(0)?;
        self.out.push(TUPLE);
        self.put_new();
        self.out.push(BUILD);
        Ok(())
    }

    /// `GLOBAL module name`, memoized.
    fn global(&mut self, module: &str, name: &str) {
        let key = format!("{module}.{name}");
        if !self.get(&key) {
            self.out.push(GLOBAL);
            self.out
                .extend_from_slice(format!("{module}\n{name}\n").as_bytes());
            self.put(key);
        }
    }

    /// Emits `BINGET` (`LONG_BINGET` from slot 256 on) if `key` is memoized; returns whether it
    /// was.
    fn get(&mut self, key: &str) -> bool {
        match self.memo.get(key) {
            Some(&slot) => {
                match u8::try_from(slot) {
                    Ok(short) => self.out.extend([BINGET, short]),
                    Err(_) => {
                        self.out.push(LONG_BINGET);
                        self.out.extend(slot.to_le_bytes());
                    }
                }
                true
            }
            None => false,
        }
    }

    /// Stores the value on top of the stack in the next memo slot, to be fetched back by `key`.
    fn put(&mut self, key: String) {
        self.memo.insert(key, self.slots);
        self.put_new();
    }

    /// Stores the value on top of the stack in the next memo slot, as cPickle does for every
    /// tuple, string and reduced object even when nothing fetches it back.
    fn put_new(&mut self) {
        match u8::try_from(self.slots) {
            Ok(short) => self.out.extend([BINPUT, short]),
            Err(_) => {
                self.out.push(LONG_BINPUT);
                self.out.extend(self.slots.to_le_bytes());
            }
        }
        self.slots += 1;
    }

    /// The smallest integer opcode that holds `v`.
    fn int(&mut self, v: i64) -> Result<()> {
        if let Ok(byte) = u8::try_from(v) {
            self.out.extend([BININT1, byte]);
        } else if let Ok(short) = u16::try_from(v) {
            self.out.push(BININT2);
            self.out.extend(short.to_le_bytes());
        } else {
            let int = i32::try_from(v)
                .map_err(|_| Error::Invalid(format!("{v} does not fit a protocol-2 BININT")))?;
            self.out.push(BININT);
            self.out.extend(int.to_le_bytes());
        }
        Ok(())
    }

    /// A Python-2 `str` shorter than 256 bytes, memoized as cPickle does (never fetched back).
    fn short_string(&mut self, s: &[u8]) {
        self.out.extend([SHORT_BINSTRING, s.len() as u8]);
        self.out.extend_from_slice(s);
        self.put_new();
    }
}
