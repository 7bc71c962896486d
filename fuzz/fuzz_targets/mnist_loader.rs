//! The MNIST loader on arbitrary bytes: a gzip file goes through `parse_mnist_gzip` (what
//! `load_mnist` does after reading the file), anything else straight to the restricted
//! unpickler and layout checks (`parse_mnist_pickle`). Either must load or give a `Data`
//! error; never panic, hang, or hold much more memory than the input justifies.
//!
//! The memory bound is checked exactly: a counting allocator records the peak of live bytes
//! during the call, which must stay within `PER_BYTE` times the decompressed size, plus the
//! output buffer a gzip trailer may reserve (capped at deflate's 1032:1 ratio), plus `SLACK`.
#![no_main]

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use foundations::Error;
use foundations::data::{parse_mnist_gzip, parse_mnist_pickle};
use libfuzzer_sys::fuzz_target;

/// Live bytes allowed per byte of pickle: the stack and memo hold ~40-byte values for 1-byte
/// opcodes, and decoding 1-byte labels to `usize` multiplies their size by 8.
const PER_BYTE: usize = 64;
/// Fixed allowance for small tables and error messages.
const SLACK: usize = 1 << 20;

/// `System`, counting the bytes currently allocated and the peak since the last reset.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to `System`; the counters only observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        // SAFETY: the caller's contract for `alloc` is passed on as is.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: `ptr` came from `System` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Counted as the worst case, both blocks live at once.
        let live = LIVE.fetch_add(new_size, Relaxed) + new_size;
        PEAK.fetch_max(live, Relaxed);
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: as for `alloc`; `ptr` came from `System` with `layout`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The decompressed size of gzip bytes, as far as they decompress (at most 64 MiB).
fn inflated_len(gz: &[u8]) -> usize {
    let mut out = Vec::new();
    let _ = flate2::read::MultiGzDecoder::new(gz)
        .take(64 << 20)
        .read_to_end(&mut out);
    out.len()
}

fuzz_target!(|bytes: &[u8]| {
    let file = Path::new("fuzz.pkl.gz");
    let gzip = bytes.starts_with(&[0x1f, 0x8b]);
    let (pickle_len, reservation) = if gzip {
        (inflated_len(bytes), bytes.len() * 1032)
    } else {
        (bytes.len(), 0)
    };
    let input = bytes.to_vec();
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let result = if gzip {
        parse_mnist_gzip(input, file)
    } else {
        parse_mnist_pickle(&input, file)
    };
    let used = PEAK.load(Relaxed) - before;
    let allowed = PER_BYTE * pickle_len + reservation + SLACK;
    assert!(
        used <= allowed,
        "the loader held {used} bytes for a {pickle_len}-byte pickle (allowed {allowed})"
    );
    match result {
        Ok((mnist, _)) => {
            for split in [&mnist.train, &mnist.valid, &mnist.test] {
                assert_eq!(split.x.ncols(), 784);
                assert_eq!(split.x.nrows(), split.y.len());
            }
        }
        Err(Error::Data {
            file: named,
            reason,
        }) => {
            assert_eq!(named, file);
            assert!(!reason.is_empty());
        }
        Err(other) => panic!("expected a Data error, got {other}"),
    }
});
