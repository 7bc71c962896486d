#!/usr/bin/env python3
"""The teacher's whole nbgrader pipeline on the course's assignments, in a temporary course folder.

    python exercises/classroom/pipeline.py [--full] [--keep] [--build DIR] [ASSIGNMENT ...]

Sets the folder up with `cargo run -p exercises --bin classroom -- course DIR`, then runs
`nbgrader generate_assignment`, hands in submissions, and runs `nbgrader autograde` (timed per
assignment), `nbgrader generate_feedback` and reads the gradebook. The submissions:

  untouched  the released notebook as it is: 0 points on every test cell;
  solved     every solution cell holds the worked solution: full marks on every test cell;
  half       the first half of the assignment's exercises solved (later exercises may use earlier
             ones, never the reverse): exactly the points of those exercises;
  broken     every exercise solved but the second, whose cell does not compile: 0 on that
             exercise's test cell and full marks on all the others.

The first assignment gets all four; the others get `solved` only (every exercise's notebook
form compiles and passes), which keeps the test's cost in CI down. `--full` hands in all four
for every assignment.

It also checks what a student reads: a passing test cell writes nothing to stderr and its result
says all its checks pass; a failing one's result names each failed check and why. Feedback HTML must exist for
every submission. Needs nbgrader and the `rust` kernel (scripts/setup.sh) and, for the CNN
exercise, FOUNDATIONS_DATA.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

REPO = Path(__file__).resolve().parents[2]
ASSIGNMENTS = [
    "stage1_matmul",
    "stage2_broadcast",
    "stage3_einsum",
    "stage4_init",
    "stage5_backprop",
    "stage6_cross_entropy",
    "stage7_training",
    "research",
]
# A cell that does not compile: a type error in the function's body.
DOES_NOT_COMPILE = "pub mod {name} {{\n    pub fn {name}() -> u32 {{\n        \"not a number\"\n    }}\n}}"


BUILD = None  # the kernels' build folder: the course's .evcxr unless --build says otherwise


def nbgrader(course, *args):
    """Runs one nbgrader command in the course folder; fails with its output if it fails. The
    kernels it starts build in the course's .evcxr, as the teacher's guide says."""
    command = [sys.executable, "-m", "nbgrader", *args]
    # nbgrader runs `alembic` from the venv's bin folder: it must be on the PATH.
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = dict(os.environ, EVCXR_TMPDIR=str(BUILD or course / ".evcxr"), PATH=path)
    done = subprocess.run(command, cwd=course, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"`nbgrader {' '.join(args)}` failed:\n{done.stdout}\n{done.stderr}")
    return done


def nbgrader_meta(cell):
    return cell.metadata.get("nbgrader", {})


def solution_ids(notebook):
    """The exercise names (grade ids of the solution cells), in notebook order."""
    return [nbgrader_meta(c)["grade_id"] for c in notebook.cells if nbgrader_meta(c).get("solution")]


def test_points(notebook):
    """{exercise name: points of its test cell}."""
    points = {}
    for cell in notebook.cells:
        meta = nbgrader_meta(cell)
        if meta.get("grade") and not meta.get("solution"):
            points[meta["grade_id"].removesuffix("_tests")] = float(meta["points"])
    return points


def submission(released, source, solved, broken=None):
    """The released notebook with the worked solution in the cells of `solved`, and a cell that
    does not compile for `broken`."""
    answers = {nbgrader_meta(c).get("grade_id"): c.source for c in source.cells}
    notebook = nbformat.from_dict(released)
    for cell in notebook.cells:
        name = nbgrader_meta(cell).get("grade_id")
        if nbgrader_meta(cell).get("solution"):
            if name == broken:
                cell.source = DOES_NOT_COMPILE.format(name=name)
            elif name in solved:
                cell.source = answers[name]
    return notebook


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assignments", nargs="*", default=ASSIGNMENTS)
    parser.add_argument("--keep", action="store_true", help="keep the temporary course folder")
    parser.add_argument("--full", action="store_true", help="all four submissions of every assignment")
    parser.add_argument(
        "--build", type=Path,
        help="the kernels' build folder, kept warm between runs: DIR/.evcxr of an earlier "
        "course folder DIR (whose .cargo/config.toml optimises the library)",
    )
    args = parser.parse_args()
    global BUILD
    BUILD = args.build and args.build.resolve()
    # The kernel builds cells in the course's .evcxr; an inherited CARGO_TARGET_DIR would send
    # its results elsewhere (see notebooks/run.py).
    os.environ.pop("CARGO_TARGET_DIR", None)
    start = time.perf_counter()
    course = Path(tempfile.mkdtemp(prefix="foundations-course-"))
    try:
        problems = run(course, args.assignments, args.full)
    finally:
        if args.keep:
            print(f"course folder kept: {course}")
        else:
            shutil.rmtree(course, ignore_errors=True)
    print(f"pipeline: {'OK' if not problems else 'FAILED'} in {time.perf_counter() - start:.0f} s")
    for problem in problems:
        print("  problem: " + problem.replace("\n", "\n    "))
    return 1 if problems else 0


def run(course, assignments, full):
    subprocess.run(
        ["cargo", "run", "-q", "-p", "exercises", "--bin", "classroom", "--", "course", str(course)],
        cwd=REPO, check=True, stdout=subprocess.DEVNULL,
    )
    expected = {}  # (student, assignment) -> {exercise: points}
    for assignment in assignments:
        nbgrader(course, "generate_assignment", assignment)
        name = f"{assignment}.ipynb"
        source = nbformat.read(course / "source" / assignment / name, as_version=4)
        released = nbformat.read(course / "release" / assignment / name, as_version=4)
        points = test_points(source)
        exercises = solution_ids(source)
        half = exercises[: (len(exercises) + 1) // 2]
        students = {"solved": (set(exercises), None)}
        if full or assignment == assignments[0]:
            students["untouched"] = (set(), None)
            students["half"] = (set(half), None)
            students["broken"] = (set(exercises), exercises[1])
        for student, (solved, broken) in students.items():
            folder = course / "submitted" / student / assignment
            shutil.copytree(course / "release" / assignment, folder)
            nbformat.write(submission(released, source, solved, broken), folder / name)
            expected[student, assignment] = {
                exercise: (p if exercise in solved and exercise != broken else 0.0)
                for exercise, p in points.items()
            }

    for assignment in assignments:
        t0 = time.perf_counter()
        nbgrader(course, "autograde", assignment)
        took = time.perf_counter() - t0
        count = sum(1 for (_, a) in expected if a == assignment)
        print(f"autograde {assignment}: {took:.0f} s for {count} submissions ({took / count:.0f} s each)", flush=True)
        nbgrader(course, "generate_feedback", assignment)

    problems = []
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for (student, assignment), want in expected.items():
            wrong = []
            for exercise, points in want.items():
                grade = gradebook.find_grade(f"{exercise}_tests", assignment, assignment, student)
                if grade.score != points:
                    wrong.append(f"{exercise} scored {grade.score} of {grade.max_score}, expected {points}")
            problems += [f"{student}/{assignment}: {w}" for w in wrong]
            verdict = "as expected" if not wrong else f"{len(wrong)} test cells off"
            print(f"  {student:9} {assignment:20} {sum(want.values()):4.0f} points: {verdict}")
            feedback = course / "feedback" / student / assignment / f"{assignment}.html"
            if not feedback.is_file():
                problems.append(f"{student}/{assignment}: no feedback at {feedback}")
    problems += student_messages(course, expected)
    return problems


def student_messages(course, expected):
    """What students read in the autograded notebooks: a passing checks cell says so (its result)
    and writes nothing to stderr; on an untouched notebook, the result names each failing check
    with its reason, and the grader has turned its verdict into an error."""
    problems = []
    for (student, assignment), want in expected.items():
        path = course / "autograded" / student / assignment / f"{assignment}.ipynb"
        for cell in nbformat.read(path, as_version=4).cells:
            meta = nbgrader_meta(cell)
            if not meta.get("grade") or meta.get("solution"):
                continue
            exercise = meta["grade_id"].removesuffix("_tests")
            stderr, result, errors = "", "", []
            for output in cell.outputs:
                if output.output_type == "stream" and output.name == "stderr":
                    stderr += output.text
                elif output.output_type == "execute_result":
                    result += output.data.get("text/plain", "")
                elif output.output_type == "error":
                    errors.append(output.ename)
            where = f"{student}/{assignment}: {exercise}"
            if want[exercise] > 0 and (stderr or errors or "checks pass" not in result):
                problems.append(f"{where} passed but showed {cell.outputs!r}"[:3000])
            if student == "untouched" and ("FAILED" not in result or "ChecksFailed" not in errors):
                problems.append(f"{where}: the failing checks are not named: {cell.outputs!r}"[:3000])
    return problems


if __name__ == "__main__":
    sys.exit(main())
