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
from nbclient import NotebookClient

from run import CELL_TIMEOUT, HERE, KERNEL

PHASES = ["before rustc", "front end", "codegen", "link", "after rustc"]


class StampedClient(NotebookClient):
    """A notebook client that stamps (seconds since 1970) the start and end of each code cell and
    times the kernel's start."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stamps = []
        self.kernel_start = None

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


def read_compiles(log):
    """The cell-crate compiles rustc_timer.sh logged: (start, end, total, codegen, link)."""
    if not log.exists():
        return []
    return [tuple(float(x) for x in line.split()) for line in log.read_text().splitlines() if line]


def phases_of(cell_start, cell_end, compiles):
    """A cell's wall time split into PHASES, from the compiles that ran while it did."""
    mine = [c for c in compiles if cell_start <= c[0] <= cell_end]
    wall = cell_end - cell_start
    if not mine:
        return {"total": wall, "before rustc": 0.0, "front end": 0.0, "codegen": 0.0, "link": 0.0,
                "after rustc": wall}
    total = sum(c[2] for c in mine)
    codegen = sum(c[3] for c in mine)
    link = sum(c[4] for c in mine)
    rustc_wall = sum(c[1] - c[0] for c in mine)
    return {
        "total": wall,
        "before rustc": mine[0][0] - cell_start,
        "front end": total - codegen - link,
        "codegen": codegen,
        "link": link,
        # rustc's own start-up and exit (outside its `total`) count as front end
        "after rustc": wall - (mine[0][0] - cell_start) - rustc_wall,
        "rustc overhead": rustc_wall - total,
        "compiles": len(mine),
    }


def run_notebook(path, linker, log):
    nb = nbformat.read(path, as_version=4)
    if linker:
        nb.cells.insert(0, nbformat.v4.new_code_cell(f":linker {linker}"))
    client = StampedClient(
        nb,
        kernel_name=KERNEL,
        timeout=CELL_TIMEOUT,
        startup_timeout=CELL_TIMEOUT,
        allow_errors=True,
        resources={"metadata": {"path": str(HERE)}},
    )
    client.execute()
    stamps = client.stamps[1:] if linker else client.stamps
    compiles = read_compiles(log)
    cells = []
    for start, end in stamps:
        phases = phases_of(start, end, compiles)
        phases["front end"] += phases.pop("rustc overhead", 0.0)
        cells.append(phases)
    return {"kernel start": client.kernel_start, "cells": cells}


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
