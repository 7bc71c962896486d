#!/usr/bin/env python3
"""Execute the course notebooks headlessly on the evcxr Rust kernel and check their outputs.

    python notebooks/run.py [--update] [--report FILE] [NOTEBOOK ...]
    python notebooks/run.py --check-lock
    python notebooks/run.py --warm-up

Each notebook runs top to bottom in a fresh kernel through the real Jupyter client (nbclient),
with the notebooks/ folder as working directory, so evcxr picks up notebooks/evcxr.toml.

Without --update (the test mode) a notebook fails when a cell raises an error, prints a compiler
error, or produces text that differs from the committed notebook. Timings (numbers followed by a
time unit such as "12.3 ms"), speed-ups ("×41.0"), rates ("12.3 GFLOP/s") and shares of the
measured peak ("4.5% of peak") are masked before comparing, and images are compared by kind only
(a PNG must still be a PNG), because those change from run to run.

With --update the fresh outputs are written back into the notebook files: that is how committed
outputs are regenerated, never by hand.

--report FILE writes per-cell latencies as JSON (for the benchmark in the README).

--warm-up (run by scripts/setup.sh) starts one kernel, which compiles the library as the notebooks
use it, and asks it for the library with the `candle` feature, which compiles candle: the work a
kernel does once per machine (and again after the library changes) is done at set-up, not in the
middle of a notebook. On a warm machine it takes seconds.

The kernel builds cells in its own crate (notebooks/.evcxr) in its own workspace
(notebooks/Cargo.toml) with its own Cargo.lock, which scripts/setup.sh seeds from the repository's, so cargo keeps the locked versions instead of
resolving the newest ones. After each notebook (and alone with --check-lock) every package in the
kernel's lock must be in the repository's Cargo.lock at the same version: a notebook whose kernel
compiled anything else fails.
"""

import argparse
import json
import os
import re
import statistics
import sys
import time
import tomllib
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

HERE = Path(__file__).resolve().parent
REPO_LOCK = HERE.parent / "Cargo.lock"
KERNEL_LOCK = HERE / "Cargo.lock"
# The kernel workspace's own crates: evcxr's cell crate, the stand-in evcxr uses to check a `:dep`
# line, and the member that keeps the library's versions locked (notebooks/Cargo.toml).
KERNEL_CRATES = {"ctx", "evcxr_dummy_validate_dep", "notebook-lock"}
KERNEL = "rust"
CELL_TIMEOUT = 1800  # seconds; a first cell or a `:dep` with the candle feature compiles dependencies

TIME_RE = re.compile(r"\d+(?:\.\d+)?(?:e[-+]?\d+)?\s?(?:ns|µs|us|ms|s|min)\b")
SPEEDUP_RE = re.compile(r"×\s?\d+(?:\.\d+)?")
RATE_RE = re.compile(r"\d+(?:\.\d+)?\s?GFLOP/s")
PEAK_SHARE_RE = re.compile(r"\d+(?:\.\d+)?\s?% of peak")


def mask(text):
    """Replace what legitimately changes between runs: timings, speed-ups, rates, shares of peak."""
    text = SPEEDUP_RE.sub("×<n>", TIME_RE.sub("<time>", text))
    return PEAK_SHARE_RE.sub("<n>% of peak", RATE_RE.sub("<n> GFLOP/s", text))


def comparable(outputs):
    """The parts of a cell's outputs that must not change between runs."""
    result = []
    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream":
            result.append(("stream", out.get("name"), mask(out.get("text", ""))))
        elif kind in ("display_data", "execute_result"):
            data = out.get("data", {})
            for mime in sorted(data):
                if mime.startswith("image/"):
                    result.append((kind, mime, "<image>"))
                else:
                    value = data[mime]
                    if isinstance(value, list):
                        value = "".join(value)
                    elif not isinstance(value, str):  # a `+json` output, saved as a JSON object
                        value = json.dumps(value, sort_keys=True)
                    result.append((kind, mime, mask(value)))
        elif kind == "error":
            result.append(("error", out.get("ename"), out.get("evalue")))
    # evcxr may split one print across several stream messages: join consecutive streams.
    merged = []
    for item in result:
        if merged and item[0] == "stream" and merged[-1][0] == "stream" and merged[-1][1] == item[1]:
            merged[-1] = ("stream", item[1], merged[-1][2] + item[2])
        else:
            merged.append(item)
    return merged


def errors_in(outputs):
    """Error outputs, and anything a cell wrote to stderr."""
    found = []
    for out in outputs:
        if out.get("output_type") == "error":
            found.append(f"{out.get('ename')}: {out.get('evalue')}")
        elif out.get("output_type") == "stream" and out.get("name") == "stderr":
            # evcxr writes compiler errors and errors returned with `?` to the cell's stderr;
            # the course's cells write nothing there, so any stderr text is a failure.
            found.append(out.get("text", "").strip())
    return found


def locked_packages(lock):
    """(name, version, source) of every package in a Cargo.lock file."""
    with open(lock, "rb") as f:
        packages = tomllib.load(f).get("package", [])
    return {(p["name"], p["version"], p.get("source", "path")) for p in packages}


def lock_drift():
    """Problems if the kernel's Cargo.lock holds a package or version the repository's does not."""
    if not KERNEL_LOCK.is_file():
        return [f"{KERNEL_LOCK} does not exist: no kernel has built here (scripts/setup.sh seeds it)"]
    repo = locked_packages(REPO_LOCK)
    repo_versions = {}
    for name, version, _ in repo:
        repo_versions.setdefault(name, []).append(version)
    drift = []
    for name, version, source in sorted(locked_packages(KERNEL_LOCK)):
        if name in KERNEL_CRATES or (name, version, source) in repo:
            continue
        locked = ", ".join(sorted(repo_versions.get(name, []))) or "not in it"
        drift.append(f"{name} {version} ({source}); Cargo.lock has {locked}")
    if not drift:
        return []
    return [
        f"the kernel's {KERNEL_LOCK.relative_to(HERE.parent)} differs from Cargo.lock:\n  "
        + "\n  ".join(drift)
        + "\n(run scripts/setup.sh, which seeds the kernel's lock from Cargo.lock, then re-run)"
    ]


LOST_OUTPUT = "printed nothing where the committed notebook has output"


class TimedClient(NotebookClient):
    """A notebook client on the course's kernel, run in notebooks/ (so evcxr reads evcxr.toml),
    that times the kernel's start and stamps the start and end of each code cell (seconds since
    1970, so notebooks/latency.py can match them with what the compiler logged)."""

    def __init__(self, nb):
        super().__init__(
            nb,
            kernel_name=KERNEL,
            timeout=CELL_TIMEOUT,
            startup_timeout=CELL_TIMEOUT,  # the kernel compiles the library before it answers
            allow_errors=True,
            resources={"metadata": {"path": str(HERE)}},
        )
        self.kernel_start = None
        self.stamps = []

    @property
    def latencies(self):
        return [end - start for start, end in self.stamps]

    async def async_start_new_kernel_client(self):
        start = time.time()
        try:
            return await super().async_start_new_kernel_client()
        finally:
            self.kernel_start = time.time() - start

    async def async_execute_cell(self, cell, cell_index, *args, **kwargs):
        start = time.time()
        try:
            return await super().async_execute_cell(cell, cell_index, *args, **kwargs)
        finally:
            if cell.cell_type == "code":
                self.stamps.append((start, time.time()))


def run_notebook(path, update):
    """Runs one notebook; returns (problems, latencies)."""
    committed = nbformat.read(path, as_version=4)
    fresh = nbformat.read(path, as_version=4)
    client = TimedClient(fresh)
    try:
        client.execute()
    except CellExecutionError as err:  # only raised for kernel-level failures with allow_errors
        return [f"kernel failure: {err}"], client.latencies

    problems = []
    code_cells = [(i, c) for i, c in enumerate(fresh.cells) if c.cell_type == "code"]
    old_cells = [c for c in committed.cells if c.cell_type == "code"]
    for (index, cell), old in zip(code_cells, old_cells):
        for err in errors_in(cell.outputs):
            problems.append(f"cell {index}: error output:\n{err}")
        if not update and not comparable(cell.outputs) and comparable(old.outputs):
            problems.append(f"cell {index}: {LOST_OUTPUT}; committed: {comparable(old.outputs)!r}")
        elif not update and comparable(cell.outputs) != comparable(old.outputs):
            problems.append(
                f"cell {index}: output differs from the committed notebook\n"
                f"  committed: {comparable(old.outputs)!r}\n"
                f"  fresh:     {comparable(cell.outputs)!r}\n"
                "  (re-run `python notebooks/run.py --update` and review the diff)"
            )
    problems += lock_drift()
    if update and not problems:
        nbformat.write(fresh, path)
    return problems, client.latencies


WARM_UP_CELLS = [
    ':dep foundations = { path = "..", default-features = false, features = ["candle"] }',
    'println!("{}", std::any::type_name_of_val(&foundations::candle_bridge::autograd_check));',
]


def warm_up():
    """Builds what the notebooks' kernels build, candle included, in a throwaway notebook."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in WARM_UP_CELLS])
    start = time.perf_counter()
    TimedClient(nb).execute()
    problems = [e for cell in nb.cells for e in errors_in(cell.outputs)] + lock_drift()
    for p in problems:
        print("warm-up: " + p.replace("\n", "\n  "), file=sys.stderr)
    print(f"kernel warmed up in {time.perf_counter() - start:.1f} s (library, candle included)", file=sys.stderr)
    return 1 if problems else 0


def main():
    # evcxr builds each cell in its own folder (notebooks/.evcxr) and finds the results there; a
    # CARGO_TARGET_DIR inherited from the caller would send them elsewhere.
    os.environ.pop("CARGO_TARGET_DIR", None)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--update", action="store_true", help="write fresh outputs into the notebooks")
    parser.add_argument("--report", type=Path, help="write per-cell latencies as JSON")
    parser.add_argument("--check-lock", action="store_true", help="only compare the kernel's lock with Cargo.lock")
    parser.add_argument("--warm-up", action="store_true", help="compile what the kernels compile, candle included")
    args = parser.parse_args()
    if args.warm_up:
        return warm_up()
    if args.check_lock:
        drift = lock_drift()
        print("\n".join(drift) if drift else f"{KERNEL_LOCK.relative_to(HERE.parent)}: every version as in Cargo.lock")
        return 1 if drift else 0
    paths = args.notebooks or sorted(HERE.glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1

    report, failed, start = {}, 0, time.perf_counter()
    for path in paths:
        t0 = time.perf_counter()
        problems, latencies = run_notebook(path, args.update)
        if problems and all(LOST_OUTPUT in p for p in problems):
            # evcxr forwards a cell's prints from its child process; under heavy load they have
            # been seen to arrive after the cell is reported done, and so belong to no cell. That
            # is the kernel's race, not the notebook's: one more full run must then pass cleanly.
            print(f"{path.name}: {'; '.join(problems)}; running it once more", flush=True)
            problems, latencies = run_notebook(path, args.update)
        took = time.perf_counter() - t0
        report[path.name] = {"seconds": round(took, 2), "cells": [round(x, 3) for x in latencies]}
        status = "ok" if not problems else "FAILED"
        print(f"{path.name}: {status} ({took:.1f} s, {len(latencies)} code cells)", flush=True)
        for p in problems:
            print("  " + p.replace("\n", "\n  "))
        failed += bool(problems)

    every = [x for r in report.values() for x in r["cells"]]
    later = [x for r in report.values() for x in r["cells"][1:]]  # all but each notebook's first cell
    if later:
        firsts = ", ".join(f"{r['cells'][0]:.1f}" for r in report.values() if r["cells"])
        p90 = statistics.quantiles(later, n=10)[-1] if len(later) >= 2 else later[0]
        print(
            f"total {time.perf_counter() - start:.1f} s; cells after the first: "
            f"median {statistics.median(later):.2f} s, p90 {p90:.2f} s; "
            f"first cells: {firsts} s"
        )
    if args.report:
        args.report.write_text(json.dumps(report, indent=1))
    print(f"{len(paths) - failed} passed, {failed} failed")
    return 1 if failed or not every else 0


if __name__ == "__main__":
    sys.exit(main())
