//! Fetching the full MNIST (`mnist.pkl.gz`, 50000 / 10000 / 10000 examples) for users with
//! internet access. Built only with the `download` feature (on by default).

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};
use ureq::Agent;

use super::DATA_ENV;
use super::atomic::{io_error, write_atomically};
use super::course::hex;
use crate::error::{Error, Result};

/// Where fast.ai's course (course22p2, notebook `01_matmul`) downloads the pickled MNIST: the
/// data folder of Michael Nielsen's "Neural Networks and Deep Learning" repository on GitHub.
pub const MNIST_URL: &str = "https://github.com/mnielsen/neural-networks-and-deep-learning/blob/master/data/mnist.pkl.gz?raw=true";

/// SHA-256 of that `mnist.pkl.gz` (17,051,982 bytes). These machines have no internet, so it was
/// not computed here: it is the digest two independent public records give for that file, a Git
/// LFS pointer of a copy of `data/mnist.pkl.gz` (`oid sha256:...`, `size 17051982`) and a Python
/// loader that pins it for the same GitHub URL.
pub const MNIST_SHA256: &str = "f11bb9e41d6c1b6c124aa38fd605497bdcfe2ee08cf7c2bb5a41ab5d759e1416";

/// Downloads the full MNIST into `dest_dir` (created if missing) as `mnist.pkl.gz`.
pub fn download_mnist(dest_dir: impl AsRef<Path>) -> Result<PathBuf> {
    let dir = dest_dir.as_ref();
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    download(MNIST_URL, MNIST_SHA256, dir.join("mnist.pkl.gz"))
}

/// Downloads `url` to `dest`, checking the SHA-256 (hex) of the bytes before the file appears.
///
/// The bytes go to a temporary file that is renamed to `dest` only when the checksum matches,
/// so a failed or corrupt download leaves nothing behind. If `dest` already exists with the
/// right checksum, nothing is fetched.
pub fn download(url: &str, sha256: &str, dest: impl AsRef<Path>) -> Result<PathBuf> {
    let dest = dest.as_ref();
    let expected = sha256.to_ascii_lowercase();
    if dest.is_file() && file_sha256(dest)? == expected {
        return Ok(dest.to_path_buf());
    }
    let failed = |reason: String| Error::Download {
        url: url.to_string(),
        reason,
    };
    let agent: Agent = Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(30)))
        .timeout_recv_response(Some(Duration::from_secs(60)))
        .timeout_per_read(Some(Duration::from_secs(60)))
        .build()
        .into();
    let mut response = agent.get(url).call().map_err(|e| match e {
        ureq::Error::StatusCode(code) => failed(format!("the server answered HTTP {code}")),
        other => failed(format!(
            "could not reach {url}: {other}; put {} in {} by hand or set {DATA_ENV}",
            dest.file_name().unwrap_or_default().to_string_lossy(),
            dest.parent().unwrap_or(Path::new(".")).display()
        )),
    })?;
    let mut body = response.body_mut().as_reader();
    write_atomically(dest, |file| {
        let got = copy_hashing(&mut body, file)
            .map_err(|e| failed(format!("the transfer broke off: {e}")))?;
        if got != expected {
            return Err(failed(format!(
                "SHA-256 of the downloaded bytes is {got}, expected {expected}; nothing was \
                 written to {}",
                dest.display()
            )));
        }
        Ok(())
    })?;
    Ok(dest.to_path_buf())
}

/// Copies `from` into `to` and returns the hex SHA-256 of the bytes copied.
fn copy_hashing(from: &mut impl Read, to: &mut impl Write) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = from.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        to.write_all(&buffer[..n])?;
    }
    Ok(hex(&hasher.finalize()))
}

/// Hex SHA-256 of a file on disk.
fn file_sha256(path: &Path) -> Result<String> {
    let mut file = File::open(path).map_err(io_error(path))?;
    copy_hashing(&mut file, &mut std::io::sink()).map_err(io_error(path))
}
