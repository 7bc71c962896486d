#!/usr/bin/env python3
"""Where the time of a notebook cell goes, phase by phase, on the evcxr Rust kernel.

    python notebooks/latency.py [--linker system|lld|mold] [--json FILE] [NOTEBOOK ...]

Runs the notebooks (default: all) top to bottom as notebooks/run.py does, one kernel each, but
does not compare outputs. The kernel's cargo compiles through notebooks/rustc_timer.sh, which
stamps when rustc starts and ends on each cell and asks it for its pass timings, so the wall
time of every cell, as the Jupyter client sees it, splits into:

  before rustc   evcxr's own work on the cell (rust-analyzer infers the types of new variables),
                 writing the cell crate, cargo's start and its up-to-date checks
  front end      rustc reading the dependencies' metadata, expanding, type checking
  codegen        LLVM at the cell crate's opt-level 0
  link           the linker writing the cell's shared library
  after rustc    cargo's end, loading the library, running the cell's code, sending its outputs

Kernel start (until the kernel answers, its prelude included) is timed apart. The report gives
medians for each notebook's first cell and medians and 90th percentiles for the later cells.
--linker X runs `:linker X` before each notebook (evcxr picks mold, else lld, else the system
linker when it finds them on PATH). --json FILE keeps every cell's figures.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from run import HERE, TimedClient

PHASES = ["before rustc", "front end", "codegen", "link", "after rustc"]


def read_compiles(log):
    """The cell-crate compiles rustc_timer.sh logged: (start, end, total, codegen, link)."""
    if not log.exists():
        return []
    return [tuple(float(x) for x in line.split()) for line in log.read_text().splitlines() if line]


def phases_of(cell_start, cell_end, compiles):
    """A cell's wall time split into PHASES, from the compiles that ran while it did. rustc's own
    start-up and exit (outside the `total` it reports) count as front end."""
    mine = [c for c in compiles if cell_start <= c[0] <= cell_end]
    wall = cell_end - cell_start
    if not mine:
        return {"total": wall, "before rustc": 0.0, "front end": 0.0, "codegen": 0.0, "link": 0.0,
                "after rustc": wall}
    rustc_wall = sum(end - start for start, end, *_ in mine)
    codegen = sum(c[3] for c in mine)
    link = sum(c[4] for c in mine)
    before = mine[0][0] - cell_start
    return {
        "total": wall,
        "before rustc": before,
        "front end": rustc_wall - codegen - link,
        "codegen": codegen,
        "link": link,
        "after rustc": wall - before - rustc_wall,
    }


def run_notebook(path, linker, log):
    nb = nbformat.read(path, as_version=4)
    if linker:
        nb.cells.insert(0, nbformat.v4.new_code_cell(f":linker {linker}"))
    client = TimedClient(nb)
    client.execute()
    stamps = client.stamps[1:] if linker else client.stamps
    compiles = read_compiles(log)
    return {"kernel start": client.kernel_start, "cells": [phases_of(s, e, compiles) for s, e in stamps]}


def median_p90(values):
    if not values:
        return float("nan"), float("nan")
    p90 = statistics.quantiles(values, n=10)[-1] if len(values) >= 2 else values[0]
    return statistics.median(values), p90


def report(results, linker):
    firsts = [r["cells"][0] for r in results.values() if r["cells"]]
    later = [c for r in results.values() for c in r["cells"][1:]]
    starts = [r["kernel start"] for r in results.values()]
    lines = [
        f"linker: {linker or 'evcxr default'}; {len(results)} notebooks, {len(firsts) + len(later)} cells",
        f"kernel start: median {statistics.median(starts):.2f} s "
        f"({', '.join(f'{s:.1f}' for s in starts)})",
        f"{'phase':<14} {'first cells':>12} {'later: median':>14} {'p90':>7}",
    ]
    for phase in ["total"] + PHASES:
        first = statistics.median([c[phase] for c in firsts]) if firsts else float("nan")
        median, p90 = median_p90([c[phase] for c in later])
        lines.append(f"{phase:<14} {first:>10.3f} s {median:>12.3f} s {p90:>5.3f} s")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--linker", choices=["system", "lld", "mold"])
    parser.add_argument("--json", type=Path, help="write every cell's phases as JSON")
    args = parser.parse_args()
    os.environ.pop("CARGO_TARGET_DIR", None)
    paths = args.notebooks or sorted(HERE.glob("[0-9][0-9]_*.ipynb"))
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "compiles.log"
        os.environ["LATENCY_LOG"] = str(log)
        os.environ["RUSTC_WRAPPER"] = str(HERE / "rustc_timer.sh")
        results = {}
        for path in paths:
            results[path.name] = run_notebook(path, args.linker, log)
            cells = results[path.name]["cells"]
            print(f"{path.name}: {len(cells)} cells, {sum(c['total'] for c in cells):.1f} s", flush=True)
    print(report(results, args.linker))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
