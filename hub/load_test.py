#!/usr/bin/env python3
"""A class at once: K students log in to the course's hub together and each runs notebooks in
their own server's kernel, as JupyterLab does (REST for the session, the kernel's channels over a
websocket, through the hub's proxy with the student's own token).

    hub/load_test.py [--students 1 4 8] [--notebooks 01_matmul_loops 07_training] [--json FILE]
    hub/load_test.py --short     # CI: 2 students, 01_matmul_loops

Run as root with the hub's venv python after hub/setup.sh. For every K, a fresh set of students
is created through the hub's REST API (their Unix users and folders made by provision.py), their
servers started at the same moment, every student runs the notebooks top to bottom, and then the
students are deleted again. Reported per K:
- server: seconds from the start request until the hub reports the server ready (first login:
  the Unix user and the notebook folder are made then);
- kernel start: seconds from opening the first notebook's session until the kernel answers (evcxr
  starts, compiles its prelude and warms rust-analyzer: notebooks/evcxr.toml);
- first output: seconds from the server being ready until the first cell's first output (the
  kernel start included);
- cells: median and p90 latency of the code cells after each notebook's first, all students;
- wall: from the first request to the last student's last cell;
- peak MB/student: the most resident memory of one student's processes (server, kernel, cargo,
  rustc), sampled every 0.5 s from /proc, as mean and max over the students;
- disk: what each student's folders (notebooks, build folder, home) take beyond the template;
- failed cells: cells with an error or a stderr output, or whose output differs from the
  committed notebook after run.py's masking of timings (the same comparison as the tests); and,
  counted with them, a student whose folder holds a compiled library of its own (the course was
  to be built once: the template's is hard-linked in, so a file with one link is a rebuild);
- late outputs: cells whose missing output did arrive, after the kernel had reported the cell
  done (evcxr forwards prints from its child process; under load some come late: run.py meets
  the same race). Counted and listed apart, not as failures; JupyterLab would not show them.
Exits non-zero if any cell failed.
"""

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from hubtest import Kernel, provision, rss_by_uid, running_hub

sys.path.insert(0, str(provision.TEMPLATE))
import run  # noqa: E402  (notebooks/run.py: its masked comparison of outputs)

# Seconds a cell may take, compiling and running, before the student's run fails: the longest cell
# (07's training) took ~60 s with eight students on two cores. A kernel that stops answering (as
# evcxr did before notebooks/kernel_relay.py: its zeromq stall) then fails the round, not holds it.
CELL_TIMEOUT = 600


async def student(hub, name, notebooks, result):
    t0 = time.time()
    token = await hub.start_student(name)
    result.update(server=time.time() - t0, uid=provision.pwd.getpwnam(name).pw_uid, cells=[], failures=[], late=[])
    for nb_name in notebooks:
        committed = nbformat.read(provision.TEMPLATE / f"{nb_name}.ipynb", as_version=4)
        kernel = Kernel(hub, name, token)
        opened = time.time()
        await kernel.open(f"{nb_name}.ipynb")
        result.setdefault("kernel", time.time() - opened)
        ran = []
        for index, cell in enumerate(committed.cells):
            if cell.cell_type != "code":
                continue
            start = time.time()
            try:
                outputs, first, _ = await kernel.execute(cell.source, timeout=CELL_TIMEOUT)
            except TimeoutError as err:
                raise RuntimeError(f"{nb_name} cell {index}: {err}") from None
            end = time.time()
            if "first_output" not in result and first:
                result["first_output"] = first - t0 - result["server"]
            result["cells"].append((nb_name, index, end - start))
            ran.append((index, cell, kernel.last_id, outputs))
        await kernel.drain(2.0)
        await kernel.close()
        for index, cell, msg_id, outputs in ran:
            where = f"{name} {nb_name} cell {index}"
            problems = run.errors_in(outputs)
            if loose(outputs) != loose(cell.outputs):
                late = kernel.late.get(msg_id, [])
                if late and loose(outputs + late) == loose(cell.outputs):
                    result["late"].append(f"{where}: {len(late)} output(s) after the cell was reported done")
                else:
                    problems.append(f"output differs: {loose(outputs)!r}\n  committed: {loose(cell.outputs)!r}")
            result["failures"] += [f"{where}: {p}" for p in problems]
    result["end"] = time.time()
    folder = provision.notebook_dir(name)
    rebuilt = [p.name for p in (folder / ".evcxr" / "target").rglob("libfoundations-*") if p.stat().st_nlink == 1]
    if rebuilt:  # the template's compiled library is hard-linked in; a file of its own is a rebuild
        result["failures"].append(f"{name}: the library was compiled again in the student's folder: {rebuilt}")
    result["disk_mb"] = own_disk_mb(folder, Path(provision.pwd.getpwnam(name).pw_dir))


def own_disk_mb(*folders):
    """Disk the student's folders take beyond the template build (du counts each inode once per
    run, so the hard links to the template are counted with the template, not the student)."""
    out = subprocess.run(["du", "-s", "--block-size=1K", provision.TEMPLATE / ".evcxr", *folders],
                         capture_output=True, text=True, check=True).stdout.split("\n")
    return round(sum(int(line.split()[0]) for line in out[1:] if line) / 1024, 1)


def loose(outputs):
    """run.py's comparable outputs (timings masked), with runs of spaces made one: a timing column
    padded to its width shifts when a busy machine makes the times longer."""
    return [tuple(re.sub(r"[ \t]+", " ", x) if isinstance(x, str) else x for x in item) for item in run.comparable(outputs)]


async def sample_memory(results, peaks, stop):
    while not stop.is_set():
        uids = {r["uid"]: n for n, r in results.items() if "uid" in r}
        for uid, total in rss_by_uid(uids).items():
            peaks[uids[uid]] = max(peaks.get(uids[uid], 0), total)
        try:
            await asyncio.wait_for(stop.wait(), 0.5)
        except asyncio.TimeoutError:
            pass


async def one_round(hub, k, notebooks):
    names = [f"load{k}x{i}" for i in range(k)]
    results = {n: {} for n in names}
    peaks, stop = {}, asyncio.Event()
    load_before = os.getloadavg()[0]
    start = time.time()
    sampler = asyncio.create_task(sample_memory(results, peaks, stop))
    try:
        runs = await asyncio.gather(*(student(hub, n, notebooks, results[n]) for n in names), return_exceptions=True)
    finally:
        stop.set()
        await sampler
        for n, err in zip(names, await asyncio.gather(*(hub.stop_student(n) for n in names), return_exceptions=True)):
            if err:
                print(f"cleaning up {n} failed: {err!r}", file=sys.stderr)
    errors = [f"{n}: {r!r}" for n, r in zip(names, runs) if isinstance(r, Exception)]
    firsts, later = [], []  # each notebook's first cell (kernel warm-up, data loading) apart
    for r in results.values():
        seen = set()
        for nb, _, t in r.get("cells", []):
            (later if nb in seen else firsts).append(t)
            seen.add(nb)
    failures = [f for r in results.values() for f in r.get("failures", [])] + errors
    mb = [peaks.get(n, 0) / 2**20 for n in names]
    return {
        "k": k,
        "notebooks": notebooks,
        "server_s": [round(results[n].get("server", -1), 2) for n in names],
        "kernel_start_s": [round(results[n].get("kernel", -1), 2) for n in names],
        "first_output_after_ready_s": [round(results[n].get("first_output", -1), 2) for n in names],
        "cells": len(later) + len(firsts),
        "first_cell_median_s": round(statistics.median(firsts), 2) if firsts else None,
        "cell_median_s": round(statistics.median(later), 3) if later else None,
        "cell_p90_s": round(statistics.quantiles(later, n=10)[-1], 3) if len(later) > 1 else None,
        "wall_s": round(max(r.get("end", time.time()) for r in results.values()) - start, 1),
        "peak_mb_mean": round(statistics.mean(mb)),
        "disk_mb_per_student": [results[n].get("disk_mb") for n in names],
        "peak_mb_max": round(max(mb)),
        "failed": failures,
        "late_outputs": [x for r in results.values() for x in r.get("late", [])],
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, nargs="+", default=[1, 4, 8], help="values of K, one round each")
    parser.add_argument("--notebooks", nargs="+", default=["01_matmul_loops", "07_training"])
    parser.add_argument("--short", action="store_true", help="the CI mode: K=2, 01_matmul_loops")
    parser.add_argument("--port", type=int, default=18000)
    parser.add_argument("--json", type=Path, help="write the rounds' figures as JSON")
    args = parser.parse_args()
    if args.short:
        args.students, args.notebooks = [2], ["01_matmul_loops"]

    rounds = []
    with running_hub(args.port) as hub:
        for k in args.students:
            r = asyncio.run(one_round(hub, k, args.notebooks))
            rounds.append(r)
            print(
                f"K={k}: server {max(r['server_s']):.1f} s, kernel start {max(r['kernel_start_s']):.1f} s, first output "
                f"{max(r['first_output_after_ready_s']):.1f} s after the server (max over students), cells median {r['cell_median_s']} s p90 {r['cell_p90_s']} s, wall {r['wall_s']} s, "
                f"peak {r['peak_mb_mean']} MB/student (max {r['peak_mb_max']}), disk {r['disk_mb_per_student']} MB, "
                f"{len(r['failed'])} failed cells, {len(r['late_outputs'])} with late output, "
                f"load {r['load_before']} -> {r['load_after']}",
                flush=True,
            )
            for f in r["failed"] + r["late_outputs"]:
                print("  " + f.replace("\n", "\n  "))
    if args.json:
        args.json.write_text(json.dumps(rounds, indent=1))
    return 1 if any(r["failed"] for r in rounds) else 0


if __name__ == "__main__":
    sys.exit(main())
