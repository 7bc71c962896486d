//! What an exercise is: where its files are, which tests are its own, and how to find one by name.
//! The exercises themselves are listed in [`super::exercises::EXERCISES`].

pub use super::exercises::EXERCISES;

/// A stage of the course: one folder of exercises under `src/` (and under `solutions/`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stage {
    /// The folder, which is also the module name in the workbook, e.g. `stage1_matmul`.
    pub dir: &'static str,
    /// What the stage is about, for listings.
    pub title: &'static str,
}

/// One coding exercise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exercise {
    /// Its place in the course, from 1; also the file name's prefix.
    pub number: u32,
    /// Its short name, e.g. `neuron`: what students type after `run` and `hint`.
    pub name: &'static str,
    /// The stage it belongs to.
    pub stage: Stage,
    /// One or two sentences that unblock a student without giving the answer away.
    pub hint: &'static str,
}

impl Exercise {
    /// The file name without folder, e.g. `01_neuron.rs`.
    pub fn file_name(&self) -> String {
        format!("{:02}_{}.rs", self.number, self.name)
    }

    /// The stub students edit, relative to the exercises package: `src/<stage>/<nn>_<name>.rs`.
    pub fn stub_path(&self) -> String {
        format!("src/{}/{}", self.stage.dir, self.file_name())
    }

    /// The exercise's tests, beside the stub: `src/<stage>/<nn>_<name>_tests.rs`.
    pub fn tests_path(&self) -> String {
        format!(
            "src/{}/{:02}_{}_tests.rs",
            self.stage.dir, self.number, self.name
        )
    }

    /// The worked solution: `solutions/<stage>/<nn>_<name>.rs`.
    pub fn solution_path(&self) -> String {
        format!("solutions/{}/{}", self.stage.dir, self.file_name())
    }

    /// The prefix every one of its test names starts with in the workbook binary, e.g.
    /// `stage1_matmul::neuron_tests::`; passing it to the test binary runs exactly these tests.
    pub fn test_prefix(&self) -> String {
        format!("{}::{}_tests::", self.stage.dir, self.name)
    }
}

/// The stages in course order, each once.
pub fn stages() -> Vec<Stage> {
    let mut stages: Vec<Stage> = Vec::new();
    for exercise in EXERCISES {
        if !stages.contains(&exercise.stage) {
            stages.push(exercise.stage);
        }
    }
    stages
}

/// Finds an exercise by its name (`neuron`), number (`1` or `01`) or file stem (`01_neuron`).
pub fn find(query: &str) -> Option<&'static Exercise> {
    let query = query.trim().trim_end_matches(".rs");
    EXERCISES.iter().find(|e| {
        e.name == query
            || query.parse::<u32>() == Ok(e.number)
            || format!("{:02}_{}", e.number, e.name) == query
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn numbers_run_from_one_without_gaps_and_names_are_unique() {
        for (index, exercise) in EXERCISES.iter().enumerate() {
            assert_eq!(exercise.number as usize, index + 1, "{}", exercise.name);
            let same_name = EXERCISES.iter().filter(|e| e.name == exercise.name);
            assert_eq!(same_name.count(), 1, "{}", exercise.name);
        }
        assert!(EXERCISES.len() >= 25);
    }

    #[test]
    fn every_exercise_has_a_stub_tests_and_a_solution_on_disk() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for exercise in EXERCISES {
            for path in [
                exercise.stub_path(),
                exercise.tests_path(),
                exercise.solution_path(),
            ] {
                assert!(root.join(&path).is_file(), "missing {path}");
            }
            let stub = std::fs::read_to_string(root.join(exercise.stub_path())).unwrap();
            assert!(
                stub.contains("todo!("),
                "{} has no todo!()",
                exercise.stub_path()
            );
            let solution = std::fs::read_to_string(root.join(exercise.solution_path())).unwrap();
            assert!(
                !solution.contains("todo!("),
                "{} still has a todo!()",
                exercise.solution_path()
            );
        }
    }

    #[test]
    fn every_stage_module_declares_its_exercises_with_both_paths() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for exercise in EXERCISES {
            let module = root.join("src").join(exercise.stage.dir).join("mod.rs");
            let text = std::fs::read_to_string(&module).unwrap();
            let solution = format!("../../{}", exercise.solution_path());
            let tests = format!("{:02}_{}_tests.rs", exercise.number, exercise.name);
            for needle in [solution.as_str(), &exercise.file_name(), &tests] {
                assert!(
                    text.contains(&format!("\"{needle}\"")),
                    "{} does not mention {needle}",
                    module.display()
                );
            }
        }
    }

    #[test]
    fn find_accepts_names_numbers_and_file_stems() {
        assert_eq!(find("neuron").map(|e| e.number), Some(1));
        assert_eq!(find("07").map(|e| e.name), Some("timing"));
        assert_eq!(find("7").map(|e| e.name), Some("timing"));
        assert_eq!(find("02_relu.rs").map(|e| e.name), Some("relu"));
        assert!(find("softmax_of_nothing").is_none());
        assert_eq!(
            EXERCISES[0].test_prefix(),
            "stage1_matmul::neuron_tests::".to_string()
        );
    }
}
