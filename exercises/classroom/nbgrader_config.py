# nbgrader's configuration for the course's Rust notebooks (the evcxr kernel). Copied into a new
# course folder by `cargo run -p exercises --bin classroom -- course DIR`; see "Assignments in
# Jupyter" in exercises/README.md for the teacher's commands.
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    Execute,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)

c = get_config()  # noqa: F821 (defined by nbgrader when it reads this file)

c.CourseDirectory.course_id = "foundations"

# The solution regions are marked `// BEGIN SOLUTION` ... `// END SOLUTION`; a released notebook
# has `todo!()` in their place, which compiles and panics with "not yet implemented".
c.ClearSolutions.code_stub = {"rust": "todo!()"}

# The kernel is evcxr's, registered as `rust` by scripts/setup.sh. Its first cell compiles the
# course library (minutes when the build folder is cold), and a cell of checks may train a small
# network, so cells get 30 minutes rather than nbgrader's 30 seconds.
c.Execute.kernel_name = "rust"
c.Execute.timeout = 1800
c.Execute.startup_timeout = 1800


class EvcxrExecute(Execute):
    """nbgrader's Execute for the evcxr kernel. When a cell fails, evcxr sends its error as an
    `error` output (ename "Error") but leaves ename, evalue and traceback out of the execute reply,
    where nbgrader 0.9.6 looks for them (a KeyError that stops autograding). This fills them in
    as evcxr's output has them, so the cell is graded as failed like any other error."""

    def on_cell_executed(self, **kwargs):
        content = kwargs["execute_reply"]["content"]
        if content.get("status") == "error":
            content.setdefault("ename", "Error")
            content.setdefault("evalue", "")
            content.setdefault("traceback", [])
        return super().on_cell_executed(**kwargs)


# nbgrader's own list, with the Execute above in place of nbgrader's.
c.Autograde.autograde_preprocessors = [
    EvcxrExecute,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]
