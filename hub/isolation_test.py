#!/usr/bin/env python3
"""Students cannot reach each other's files: a test through the running hub.

    hub/isolation_test.py [--break-isolation]

Starts the hub (as load_test.py does), two students A and B, and has A's kernel (Rust code in a
cell, as a student would write it) try to read B's notebook, list B's home, write into B's notebook
folder and B's home, write into the shared course library, and write into the compiled library its
own build folder shares with the template (hard links: one write would change everyone's build).
Every one of those must be refused by the operating system. As a control, the same cell must be
able to write in A's own folder, and A's server must be in A's memory control group. Exits
non-zero, listing what was allowed, if any attempt succeeded.

--break-isolation opens B's home and notebook folder to everyone (chmod 0777, files 0666) before A
tries: the test must then fail. It exists to show that the test can fail.
"""

import argparse
import asyncio
import os
import sys
from pathlib import Path

from hubtest import Kernel, provision, running_hub

CELL = r"""
use std::io::Write;
fn attempt(what: &str, result: std::io::Result<()>) {
    match result {
        Ok(()) => println!("ALLOWED {what}"),
        Err(err) => println!("DENIED {what}: {err}"),
    }
}
attempt("read B's notebook", std::fs::read_to_string("{b_dir}/01_matmul_loops.ipynb").map(|_| ()));
attempt("list B's home", std::fs::read_dir("{b_home}").map(|_| ()));
attempt("write into B's notebook folder", std::fs::write("{b_dir}/from_a.txt", "A was here"));
attempt("overwrite B's notebook", std::fs::OpenOptions::new().append(true).open("{b_dir}/01_matmul_loops.ipynb").map(|_| ()));
attempt("write into B's home", std::fs::write("{b_home}/from_a.txt", "A was here"));
attempt("write into the course library", std::fs::OpenOptions::new().append(true).open("{course}/src/lib.rs").map(|_| ()));
attempt("write into the shared compiled library", std::fs::OpenOptions::new().append(true).open("{shared_rlib}").map(|_| ()));
attempt("write in A's own folder (control)", std::fs::File::create("own_file.txt").and_then(|mut f| f.write_all(b"mine")));
println!("cgroup {}", std::fs::read_to_string("/proc/self/cgroup").unwrap_or_default().lines().filter(|l| l.contains("foundations-hub")).count());
"""


def open_up(name):
    """What --break-isolation does: B's home and folder readable and writable by everyone."""
    for top in (Path(provision.pwd.getpwnam(name).pw_dir), provision.notebook_dir(name)):
        os.chmod(top, 0o777)
        for f in top.iterdir():
            if f.is_file() and not f.is_symlink():
                os.chmod(f, 0o666)


async def check(hub, break_isolation):
    a, b = "isolation-a", "isolation-b"
    try:
        token_a = await hub.start_student(a)
        await hub.start_student(b)
        if break_isolation:
            open_up(b)
        a_build = provision.notebook_dir(a) / ".evcxr" / "target"
        shared = next(p for p in a_build.rglob("libfoundations-*.rlib") if p.stat().st_nlink > 1)
        code = CELL
        for key, value in {"b_dir": provision.notebook_dir(b), "b_home": provision.pwd.getpwnam(b).pw_dir,
                           "course": provision.COURSE, "shared_rlib": shared}.items():
            code = code.replace("{" + key + "}", str(value))
        kernel = Kernel(hub, a, token_a)
        await kernel.open("isolation.ipynb")
        outputs, _, _ = await kernel.execute(code)
        await kernel.close()
    finally:
        await asyncio.gather(hub.stop_student(a), hub.stop_student(b), return_exceptions=True)
    text = "".join(o.get("text", "") for o in outputs if o["output_type"] == "stream")
    print(text.rstrip())
    lines = text.splitlines()
    problems = [l for l in lines if l.startswith("ALLOWED") and "(control)" not in l]
    if not any(l.startswith("ALLOWED") and "(control)" in l for l in lines):
        problems.append("the control failed: A's kernel could not write in its own folder")
    if len([l for l in lines if l.startswith(("ALLOWED", "DENIED"))]) != 8:
        problems.append(f"the cell did not run every attempt: {outputs!r}")
    if "cgroup 0" in lines or not any(l.startswith("cgroup ") for l in lines):
        problems.append("A's kernel is not in its control group foundations-hub/isolation-a")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--break-isolation", action="store_true", help="open B's files to all first: must fail")
    parser.add_argument("--port", type=int, default=18100)
    args = parser.parse_args()
    with running_hub(args.port) as hub:
        problems = asyncio.run(check(hub, args.break_isolation))
    for p in problems:
        print("ISOLATION FAILED: " + p)
    print("isolation: ok" if not problems else f"isolation: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
