# nbgrader's configuration for the course's Rust notebooks (the evcxr kernel). Copied into a new
# course folder by `cargo run -p exercises --bin classroom -- course DIR`; see "Assignments in
# Jupyter" in exercises/README.md for the teacher's commands.
import nbformat
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
    """nbgrader's Execute for the evcxr kernel, graded on what evcxr delivers reliably.

    - When a cell fails, evcxr sends its error as an `error` output (ename "Error") but leaves
      ename, evalue and traceback out of the execute reply, where nbgrader 0.9.6 looks for them
      (a KeyError that stops autograding). They are filled in as evcxr's output has them.
    - A checks cell's verdict is its result (`run_checks` returns it): evcxr sends a result before
      the reply, while text printed to stderr travels apart and, on a busy server, can arrive
      after the cell is done, when nbclient no longer collects it; nbgrader would then see no
      failure and give full marks. So a result that says the checks fail becomes an `error`
      output here, which nbgrader scores 0, whatever became of the printed text."""

    def on_cell_executed(self, **kwargs):
        content = kwargs["execute_reply"]["content"]
        if content.get("status") == "error":
            content.setdefault("ename", "Error")
            content.setdefault("evalue", "")
            content.setdefault("traceback", [])
        cell = kwargs["cell"]
        if cell.metadata.get("nbgrader", {}).get("grade"):
            verdict = failed_checks_verdict(cell.outputs)
            if verdict and not any(o.output_type == "error" for o in cell.outputs):
                cell.outputs.append(
                    nbformat.v4.new_output("error", ename="ChecksFailed", evalue=verdict, traceback=[verdict])
                )
        return super().on_cell_executed(**kwargs)


def failed_checks_verdict(outputs):
    """The last line of a `run_checks` result that says checks fail, or None."""
    for output in outputs:
        if output.output_type in ("execute_result", "display_data"):
            text = output.get("data", {}).get("text/plain", "")
            if isinstance(text, list):
                text = "".join(text)
            last = text.strip().splitlines()[-1:] or [""]
            if " checks fail" in last[0]:
                return last[0]
    return None


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
