//! Writing a file so that it appears whole or not at all.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Error, Result};

/// Distinguishes temporary files written at the same time by one process.
static NEXT_TEMP: AtomicUsize = AtomicUsize::new(0);

/// Writes `dest` through a temporary file in the same folder that is renamed into place only
/// after `write` succeeded and the bytes reached the disk. On any error the temporary file is
/// removed and `dest` is left as it was.
pub fn write_atomically(dest: &Path, write: impl FnOnce(&mut File) -> Result<()>) -> Result<()> {
    let temp = temp_path(dest)?;
    let result = File::create_new(&temp)
        .map_err(io_error(&temp))
        .and_then(|mut file| {
            write(&mut file)?;
            file.sync_all().map_err(io_error(&temp))
        })
        .and_then(|()| std::fs::rename(&temp, dest).map_err(io_error(dest)));
    if result.is_err() {
        // The write already failed; a temporary file that cannot be removed changes nothing.
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// `<dir>/.<name>.<pid>-<n>.tmp` next to `dest`, so the final rename stays on one file system.
fn temp_path(dest: &Path) -> Result<PathBuf> {
    let name = dest
        .file_name()
        .ok_or_else(|| Error::Invalid(format!("{} does not name a file", dest.display())))?;
    let unique = format!(
        ".{}.{}-{}.tmp",
        name.to_string_lossy(),
        std::process::id(),
        NEXT_TEMP.fetch_add(1, Ordering::Relaxed)
    );
    Ok(dest.with_file_name(unique))
}

/// Wraps an I/O error with the path it happened on.
pub fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}
