//! classroom: the exercises as nbgrader assignments, one per stage, generated from the exercise
//! files so that there is one source of truth ("Assignments in Jupyter" in exercises/README.md).
//!
//! ```text
//! cargo run -p exercises --bin classroom                write exercises/classroom/source/
//! cargo run -p exercises --bin classroom -- --check     fail, listing the files, when it is stale
//! cargo run -p exercises --bin classroom -- course DIR  set up an nbgrader course folder in DIR
//! ```
//!
//! Each exercise becomes three cells: its task (the stub's `//!` comment), the worked solution
//! with every body the student writes between nbgrader's solution markers (released as
//! `todo!()`), and a locked test cell that runs the exercise's tests, one point each.

// The catalog is the runner's; this program reads the table and the file paths, not the rest.
#[allow(dead_code)]
#[path = "../runner/catalog.rs"]
mod catalog;
#[path = "../runner/exercises.rs"]
mod exercises;
mod notebook;
mod source;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use catalog::{EXERCISES, Stage};

/// Where the generated source notebooks are committed, inside the exercises package.
const SOURCE_DIR: &str = "classroom/source";
/// The nbgrader configuration for the Rust kernel, copied into a new course folder.
const NBGRADER_CONFIG: &str = include_str!("../../classroom/nbgrader_config.py");

const USAGE: &str = "usage: cargo run -p exercises --bin classroom -- [--check | course DIR]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let package = Path::new(env!("CARGO_MANIFEST_DIR"));
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [] => write(package),
        ["--check"] => check(package),
        ["course", dir] => course(package, Path::new(dir)),
        _ => {
            eprintln!("{USAGE}\n(got: {})", args.join(" "));
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("classroom: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Every assignment's notebook, by path relative to a course's `source/` folder.
fn generate(package: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let read = |path: String| {
        fs::read_to_string(package.join(&path))
            .map_err(|e| format!("reading exercises/{path}: {e}"))
    };
    let mut files = BTreeMap::new();
    for stage in catalog::stages() {
        let mut cells = Vec::new();
        for exercise in EXERCISES.iter().filter(|e| e.stage == stage) {
            let built = source::exercise_cells(
                exercise.name,
                &format!("{:02} {}", exercise.number, exercise.name),
                exercise.hint,
                &read(exercise.stub_path())?,
                &read(exercise.solution_path())?,
                &read(exercise.tests_path())?,
            )
            .map_err(|e| format!("exercise {:02} {}: {e}", exercise.number, exercise.name))?;
            cells.push((exercise.name, built));
        }
        let parts: Vec<notebook::Part> = cells
            .iter()
            .map(|(name, cells)| notebook::Part { name, cells })
            .collect();
        let nb = notebook::assignment(stage.title, &parts);
        files.insert(notebook_path(&stage), notebook::to_file(&nb));
    }
    Ok(files)
}

/// `stage1_matmul/stage1_matmul.ipynb`: nbgrader's `source/<assignment>/<notebook>.ipynb`.
fn notebook_path(stage: &Stage) -> String {
    format!("{0}/{0}.ipynb", stage.dir)
}

/// The `.ipynb` files under `dir`, by path relative to it (none if it does not exist).
fn existing_notebooks(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut found = BTreeMap::new();
    let Ok(assignments) = fs::read_dir(dir) else {
        return Ok(found);
    };
    for assignment in assignments.filter_map(Result::ok) {
        let Ok(files) = fs::read_dir(assignment.path()) else {
            continue;
        };
        for file in files.filter_map(Result::ok) {
            let path = file.path();
            if path.extension().is_some_and(|e| e == "ipynb") {
                let bytes =
                    fs::read(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
                let relative = path.strip_prefix(dir).expect("a file under dir");
                found.insert(relative.to_string_lossy().replace('\\', "/"), bytes);
            }
        }
    }
    Ok(found)
}

/// Writes the notebooks that changed under `dir` and removes the ones no stage makes any more.
fn write_notebooks(generated: &BTreeMap<String, Vec<u8>>, dir: &Path) -> Result<(), String> {
    let existing = existing_notebooks(dir)?;
    for (path, bytes) in generated {
        if existing.get(path) != Some(bytes) {
            let file = dir.join(path);
            fs::create_dir_all(file.parent().expect("a file in an assignment folder"))
                .map_err(|e| format!("creating the folder of {}: {e}", file.display()))?;
            write_file(&file, bytes)?;
            println!("wrote {}", file.display());
        }
    }
    for path in existing.keys().filter(|p| !generated.contains_key(*p)) {
        let file = dir.join(path);
        fs::remove_file(&file).map_err(|e| format!("removing {}: {e}", file.display()))?;
        println!("removed {}", file.display());
    }
    Ok(())
}

/// Writes a whole file through a temporary file, so that a failure never leaves half of one.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let partial = path.with_extension("tmp");
    fs::write(&partial, bytes)
        .and_then(|()| fs::rename(&partial, path))
        .map_err(|e| format!("writing {}: {e}", path.display()))
}

/// The default mode: regenerate the committed source notebooks.
fn write(package: &Path) -> Result<(), String> {
    let generated = generate(package)?;
    write_notebooks(&generated, &package.join(SOURCE_DIR))?;
    println!(
        "exercises/{SOURCE_DIR}: {} assignments, up to date",
        generated.len()
    );
    Ok(())
}

/// `--check`: the committed source notebooks must be exactly what the exercises give.
fn check(package: &Path) -> Result<(), String> {
    let generated = generate(package)?;
    let on_disk = existing_notebooks(&package.join(SOURCE_DIR))?;
    let mut stale = Vec::new();
    for (path, bytes) in &generated {
        match on_disk.get(path) {
            None => stale.push(format!("missing: {path}")),
            Some(disk) if disk != bytes => stale.push(format!("differs: {path}")),
            Some(_) => {}
        }
    }
    for path in on_disk.keys().filter(|p| !generated.contains_key(*p)) {
        stale.push(format!("not generated from any stage: {path}"));
    }
    if !stale.is_empty() {
        return Err(format!(
            "the committed nbgrader notebooks are not those of the exercises; run \
             `cargo run -p exercises --bin classroom` and commit exercises/{SOURCE_DIR}:\n  {}",
            stale.join("\n  ")
        ));
    }
    println!(
        "exercises/{SOURCE_DIR}: {} assignments, {} exercises, match the exercise files",
        generated.len(),
        EXERCISES.len()
    );
    Ok(())
}

/// The `[dev-dependencies]` lines of the exercises' manifest other than the library itself:
/// the crates the tests use besides `foundations`.
fn test_dependencies(manifest: &str) -> Result<String, String> {
    let section = manifest
        .split_once("\n[dev-dependencies]\n")
        .map(|(_, rest)| rest.split("\n[").next().unwrap_or_default())
        .ok_or("exercises/Cargo.toml has no [dev-dependencies]")?;
    let lines: Vec<&str> = section
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("foundations"))
        .collect();
    Ok(lines.iter().map(|l| format!("{l}\n")).collect())
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `course DIR`: an nbgrader course folder with every assignment's source notebook, the Rust
/// kernel's configuration beside each one, cargo's profile for a build folder in `DIR/.evcxr`,
/// and the nbgrader configuration if DIR has none yet.
fn course(package: &Path, dir: &Path) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let dir = dir
        .canonicalize()
        .map_err(|e| format!("finding {}: {e}", dir.display()))?;
    let library: PathBuf = package
        .join("..")
        .canonicalize()
        .map_err(|e| format!("finding the library beside {}: {e}", package.display()))?;
    let generated = generate(package)?;
    write_notebooks(&generated, &dir.join("source"))?;
    let evcxr_toml = format!(
        "# Written by `cargo run -p exercises --bin classroom -- course`. The Rust kernel reads this\n\
         # file from the notebook's folder: it loads the course library and brings its prelude into\n\
         # scope. nbgrader copies it into every release, submission and autograded folder (autograde\n\
         # puts this version back over a student's). It names no build folder: the kernel builds in\n\
         # $EVCXR_TMPDIR, or in a fresh temporary folder when that is not set.\n\
         [evcxr]\n\
         prelude = \"use foundations::prelude::*;\"\n\
         opt_level = \"0\"\n\n\
         [dependencies]\n\
         foundations = {{ path = {}, default-features = false }}\n\
         # The other crates the exercises' tests use: exercises/Cargo.toml's dev-dependencies.\n\
         {}",
        toml_string(&library.to_string_lossy()),
        test_dependencies(
            &fs::read_to_string(package.join("Cargo.toml"))
                .map_err(|e| { format!("reading exercises/Cargo.toml: {e}") })?
        )?,
    );
    for path in generated.keys() {
        let assignment = dir.join("source").join(path);
        let config = assignment.with_file_name("evcxr.toml");
        write_file(&config, evcxr_toml.as_bytes())?;
    }
    let cargo_dir = dir.join(".cargo");
    fs::create_dir_all(&cargo_dir).map_err(|e| format!("creating {}: {e}", cargo_dir.display()))?;
    write_file(
        &cargo_dir.join("config.toml"),
        b"# Cargo reads this when the kernel builds in a folder below this one (EVCXR_TMPDIR=DIR/.evcxr):\n\
          # the library and every dependency optimised, the cells not (as notebooks/.cargo does).\n\
          [profile.dev.package.\"*\"]\nopt-level = 3\n",
    )?;
    let config = dir.join("nbgrader_config.py");
    if config.exists() {
        println!(
            "kept {} (compare it with exercises/classroom/nbgrader_config.py)",
            config.display()
        );
    } else {
        write_file(&config, NBGRADER_CONFIG.as_bytes())?;
        println!("wrote {}", config.display());
    }
    println!(
        "{}: {} assignments in source/, each with its evcxr.toml; build in .evcxr with \
         EVCXR_TMPDIR={}/.evcxr",
        dir.display(),
        generated.len(),
        dir.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// The committed notebooks, parsed.
    fn committed() -> Vec<(String, Value)> {
        let package = Path::new(env!("CARGO_MANIFEST_DIR"));
        existing_notebooks(&package.join(SOURCE_DIR))
            .unwrap()
            .into_iter()
            .map(|(path, bytes)| (path, serde_json::from_slice(&bytes).unwrap()))
            .collect()
    }

    #[test]
    fn every_exercise_is_in_exactly_one_committed_assignment() {
        let mut answers: Vec<String> = Vec::new();
        for (_, nb) in committed() {
            for cell in nb["cells"].as_array().unwrap() {
                let meta = &cell["metadata"]["nbgrader"];
                if meta["solution"] == true {
                    answers.push(meta["grade_id"].as_str().unwrap().to_string());
                }
            }
        }
        for exercise in EXERCISES {
            let count = answers.iter().filter(|a| *a == exercise.name).count();
            assert_eq!(count, 1, "{} is in {count} assignments", exercise.name);
        }
        assert_eq!(answers.len(), EXERCISES.len(), "{answers:?}");
    }

    #[test]
    fn test_cells_are_locked_and_worth_one_point_per_test() {
        let package = Path::new(env!("CARGO_MANIFEST_DIR"));
        for (path, nb) in committed() {
            for cell in nb["cells"].as_array().unwrap() {
                let meta = &cell["metadata"]["nbgrader"];
                if meta["grade"] != true {
                    continue;
                }
                let id = meta["grade_id"].as_str().unwrap();
                let name = id
                    .strip_suffix("_tests")
                    .expect("test cells are NAME_tests");
                let exercise = catalog::find(name).unwrap();
                let tests = fs::read_to_string(package.join(exercise.tests_path())).unwrap();
                let count = tests.matches("#[test]").count();
                assert_eq!(meta["points"], count, "{path}: {id}");
                assert_eq!(meta["locked"], true, "{path}: {id}");
            }
        }
    }
}
