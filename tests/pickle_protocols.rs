//! Pickles of every protocol Python writes (0 to 5): the same arrays from each, through
//! `load_mnist` and the `data-info` command, and the text opcodes of protocols 0 and 1 held to
//! the same rules as the binary ones. The fixtures are written by tests/fixtures/make_fixtures.py.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use foundations::Error;
use foundations::data::{load_mnist, parse_mnist_pickle};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{name}.pkl.gz"))
}

fn pickle_of(name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(fixture(name)).unwrap())
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// The reason of the `Data` error for in-memory pickle bytes; panics if they load.
fn refusal(pickle: &[u8]) -> String {
    match parse_mnist_pickle(pickle, Path::new("test.pkl")) {
        Err(Error::Data { reason, .. }) => reason,
        Err(other) => panic!("expected a Data error, got {other}"),
        Ok(_) => panic!(
            "expected {:?} to be refused",
            String::from_utf8_lossy(pickle)
        ),
    }
}

fn has(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn the_fixtures_are_written_with_the_protocol_they_are_named_for() {
    for numpy in ["np1", "np2"] {
        // Protocols 0 and 1 have no PROTO opcode; 2 and above start with 0x80 and the protocol.
        let p0 = pickle_of(&format!("head_{numpy}_p0"));
        let p1 = pickle_of(&format!("head_{numpy}_p1"));
        assert!(p0.starts_with(b"((cnumpy"), "{numpy} p0");
        assert!(p1.starts_with(b"((cnumpy"), "{numpy} p1");
        // Protocol 0: PUT 0 as text, the dtype's align/copy as INT 00/01, the data as UNICODE.
        assert!(has(&p0, b"_reconstruct\np0"), "{numpy} p0");
        assert!(has(&p0, b"I00\nI01\n"), "{numpy} p0");
        assert!(has(&p0, b"\ng3\n(V"), "{numpy} p0");
        // Protocol 1: BINPUT 0 and BINUNICODE, but still the text INT for booleans.
        assert!(has(&p1, b"_reconstruct\nq\x00"), "{numpy} p1");
        assert!(has(&p1, b"I00\nI01\n"), "{numpy} p1");
        for protocol in 2..=5u8 {
            let pickle = pickle_of(&format!("head_{numpy}_p{protocol}"));
            assert_eq!(pickle[..2], [0x80, protocol], "{numpy} p{protocol}");
        }
    }
}

#[test]
fn load_mnist_reads_the_same_arrays_from_every_protocol() {
    for numpy in ["np1", "np2"] {
        let reference = load_mnist(fixture(&format!("head_{numpy}_p5"))).unwrap();
        assert_eq!(reference.train.x.dim(), (6, 784));
        assert!(reference.train.x.iter().any(|&v| v > 0.5), "real pixels");
        for protocol in 0..=4 {
            let name = format!("head_{numpy}_p{protocol}");
            let loaded = load_mnist(fixture(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(loaded, reference, "{name}");
        }
    }
}

#[test]
fn data_info_prints_the_same_for_every_protocol() {
    let mut first: Option<String> = None;
    for numpy in ["np1", "np2"] {
        for protocol in 0..=5 {
            let name = format!("head_{numpy}_p{protocol}");
            let out = Command::new(env!("CARGO_BIN_EXE_foundations"))
                .args(["data-info", fixture(&name).to_str().unwrap()])
                .output()
                .unwrap();
            let stdout = String::from_utf8(out.stdout).unwrap();
            assert!(
                out.status.success(),
                "{name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            // Everything but the first line, which is the file's path.
            let (path, report) = stdout.split_once('\n').unwrap();
            assert!(path.ends_with(&format!("{name}.pkl.gz")), "{path}");
            assert!(
                report.contains("train  images [6, 784] float32 ('<f4')  labels [6] int64 ('<i8')"),
                "{name}: {report}"
            );
            assert!(
                report.contains("test   images [3, 784]"),
                "{name}: {report}"
            );
            match &first {
                None => first = Some(report.to_string()),
                Some(expected) => assert_eq!(report, expected, "{name}"),
            }
        }
    }
}

#[test]
fn every_truncation_of_a_protocol_1_pickle_is_refused() {
    let pickle = pickle_of("head_np2_p1");
    assert!(parse_mnist_pickle(&pickle, Path::new("whole")).is_ok());
    for len in 0..pickle.len() {
        assert!(!refusal(&pickle[..len]).is_empty());
    }
}

#[test]
fn truncations_of_a_protocol_0_pickle_are_refused() {
    // 200 kB of text: every cut in the first and last 1000 bytes, every 97th between.
    let pickle = pickle_of("head_np2_p0");
    assert!(parse_mnist_pickle(&pickle, Path::new("whole")).is_ok());
    let n = pickle.len();
    for len in (0..1000)
        .chain((1000..n - 1000).step_by(97))
        .chain(n - 1000..n)
    {
        assert!(!refusal(&pickle[..len]).is_empty());
    }
}

#[test]
fn text_opcodes_name_globals_before_anything_runs() {
    // Python 2 protocol 0 for os.system('ls'): GLOBAL, MARK, STRING, TUPLE, REDUCE.
    let reason = refusal(b"cos\nsystem\n(S'ls'\ntR.");
    assert!(reason.contains("`os.system` is not allowed"), "{reason}");
    // Protocol 0 INST and OBJ call code too; they stay refused by name.
    let reason = refusal(b"(S'ls'\nios\nsystem\n.");
    assert!(
        reason.contains("INST") && reason.contains("not allowed"),
        "{reason}"
    );
    let reason = refusal(b"(cos\nsystem\nS'ls'\no.");
    assert!(reason.contains("`os.system` is not allowed"), "{reason}");
}

#[test]
fn malformed_text_arguments_are_refused_with_the_opcode_and_text() {
    for (pickle, opcode, why) in [
        (
            &b"I1.5\n."[..],
            "INT",
            "expected a decimal integer such as 784 or -1, found \"1.5\"",
        ),
        (b"I 7\n.", "INT", "found \" 7\""),
        (b"I12", "INT", "expected a newline"),
        (
            b"I99999999999999999999\n.",
            "INT",
            "does not fit in 64 bits",
        ),
        (b"L12x\n.", "LONG", "found \"12x\""),
        (b"Np-1\n.", "PUT", "memo index -1"),
        (b"Np0\ng1\n.", "GET", "memo index 1 was never stored"),
        (b"S'f4\n.", "STRING", "expected a quoted string"),
        (b"S'\\z'\n.", "STRING", "unknown escape"),
        (b"Vab\\q\n.", "UNICODE", "must start \\uXXXX"),
        (b"V\\u00\n.", "UNICODE", "needs 4 hex digits"),
        (
            b"Vabc",
            "UNICODE",
            "expected a newline before the end of the input",
        ),
        (b"F1.5\n.", "FLOAT", "not allowed"),
        (b"(l.", "LIST", "not allowed"),
    ] {
        let reason = refusal(pickle);
        assert!(reason.contains(opcode), "{pickle:?}: {reason}");
        assert!(reason.contains(why), "{pickle:?}: {reason}");
    }
}

#[test]
fn a_python_2_protocol_0_array_loads_from_string_literals() {
    // What Python 2 + numpy 1 write with protocol 0 (checked with Python 3's pickle.loads(...,
    // encoding='latin1')): the type codes and the data are STRING literals with \x escapes.
    let array = |shape: &str, code: &str, data: &str| {
        format!(
            "cnumpy.core.multiarray\n_reconstruct\np0\n(cnumpy\nndarray\np1\n(I0\ntp2\nS'b'\np3\n\
             tp4\nRp5\n(I1\n({shape}tp6\ncnumpy\ndtype\np7\n(S'{code}'\np8\nI0\nI1\ntp9\nRp10\n\
             (I3\nS'<'\np11\nNNNI-1\nI-1\nI0\ntp12\nbI00\nS'{data}'\np13\ntp14\nb"
        )
    };
    let pixels = "\\x00\\x00\\x80?".repeat(784); // 1.0f32, little-endian
    let split = format!(
        "({}{}tp15\n",
        array("I1\nI784\n", "f4", &pixels),
        array("I1\n", "i8", "\\x07\\x00\\x00\\x00\\x00\\x00\\x00\\x00")
    );
    let pickle = format!("({split}{split}{split}tp16\n.");
    let (mnist, dtypes) = parse_mnist_pickle(pickle.as_bytes(), Path::new("py2.pkl")).unwrap();
    assert!(mnist.train.x.iter().all(|&v| v == 1.0));
    assert_eq!(mnist.test.y.to_vec(), [7]);
    assert_eq!(dtypes[1].images.to_string(), "<f4");
}
