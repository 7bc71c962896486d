#!/usr/bin/env python3
"""Gives a student their Unix user and their own copy of the course, before each server start.

    provision.py NAME            (as root; what the hub's pre_spawn_hook runs)
    provision.py --remove NAME   (as root; deletes the student's user, home and notebooks)

Called by jupyterhub_config.py as the spawner's pre_spawn_hook, as root, so a student's first
login takes a second or two, not the 15 minutes of building the course. It makes:

- a Unix user NAME in the group foundations-students, with a home of mode 0700. A name that
  belongs to an existing user outside that group (root, daemon, a teacher) is refused: the hub
  never starts a server as someone who is not a student.
- the student's notebook folder, $HUB/course/notebooks-NAME (mode 0700, theirs). It sits beside
  the course's own notebooks/ so that `..` from it is the library, as the notebooks and evcxr.toml
  say (`path = ".."`); the library then has the same absolute path for every student and for the
  template build, so cargo finds it already compiled.
- in it, the kernel's build folder .evcxr, made afresh from the template scripts/setup.sh compiled
  in $HUB/course/notebooks/.evcxr: the compiled dependencies (rlib, rmeta, so, a files) and build
  scripts are hard links to the template's root-owned files (no disk; cargo reads them and replaces a file rather
  than writing into it), everything else (fingerprints, build-script outputs, small files cargo
  may rewrite) is copied and theirs. The cell crate's own incremental state is not copied.
- the notebooks, copied as the student (never as root inside their folder): a notebook is copied
  when the student has none of that name; an update from the course replaces the student's copy
  only if they have not changed it since it was handed out (the sha256 of each handed-out version
  is kept in .course-versions.json); a changed copy is kept and the new version is written beside
  it as "NAME (course update).ipynb". To get the course's version back, delete or rename yours.
  The kernel's configuration (evcxr.toml, Cargo.toml, .cargo/, lock/) and its Cargo.lock are
  course machinery and are always refreshed.
"""

import grp
import hashlib
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HUB = Path(os.environ.get("FOUNDATIONS_HUB", "/opt/foundations-hub"))
COURSE = HUB / "course"
TEMPLATE = COURSE / "notebooks"
STATE = HUB / "state"
GROUP = "foundations-students"
NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,30}$")
LINKED = {".rlib", ".rmeta", ".so", ".a"}
BUILD_SCRIPTS = ("build-script-build", "build_script_build")  # compiled build scripts (1 MB each)
CONFIG = ["evcxr.toml", "Cargo.toml", "Cargo.lock", ".cargo", "lock"]
VERSIONS = ".course-versions.json"


def notebook_dir(name):
    return COURSE / f"notebooks-{name}"


def ensure_user(name):
    """The student's Unix user (created if missing) and home (mode 0700)."""
    if not NAME_RE.match(name):
        raise ValueError(f"{name!r} is not a valid student name (lower-case letters, digits, - and _)")
    try:
        gid = grp.getgrnam(GROUP).gr_gid
    except KeyError:
        raise RuntimeError(f"the Unix group {GROUP} does not exist: run hub/setup.sh first") from None
    try:
        user = pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--gid", GROUP, "--shell", "/usr/sbin/nologin", name], check=True)
        user = pwd.getpwnam(name)
    if user.pw_gid != gid:
        raise PermissionError(f"the Unix user {name!r} exists and is not in {GROUP}: refusing to run a server as it")
    os.chmod(user.pw_dir, 0o700)
    return user


def build_copy(user):
    """A fresh copy of the template build folder, in a root-only staging folder."""
    source = TEMPLATE / ".evcxr"
    if not (source / "target").is_dir():
        raise FileNotFoundError(f"{source}/target does not exist: run hub/setup.sh first (it builds the course)")
    STATE.mkdir(mode=0o700, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=STATE, prefix="build-"))
    dest = staging / ".evcxr"
    for root, dirs, files in os.walk(source):
        rel = Path(root).relative_to(source)
        dirs[:] = [d for d in dirs if d != "incremental"]  # the cell crate's, rebuilt by every cell
        (dest / rel).mkdir(exist_ok=True)
        os.chown(dest / rel, user.pw_uid, user.pw_gid)
        for f in files:
            src, dst = Path(root) / f, dest / rel / f
            if f == ".cargo-lock" or src.is_symlink():
                continue
            if (src.suffix in LINKED or f.startswith(BUILD_SCRIPTS)) and not f.startswith(("libctx", "libcode_")):
                os.link(src, dst)
            else:
                shutil.copy2(src, dst)
                os.chown(dst, user.pw_uid, user.pw_gid)
    return dest


def replace_build(user, folder):
    """Swaps the student's .evcxr for a fresh copy with renames only, so nothing in their folder
    (which they control) is followed or written by root."""
    fresh = build_copy(user)
    old = folder / ".evcxr"
    if old.exists() or old.is_symlink():
        trash = Path(tempfile.mkdtemp(dir=STATE, prefix="trash-"))
        os.rename(old, trash / "old")
        if (trash / "old").is_symlink():
            (trash / "old").unlink()
        shutil.rmtree(trash)
    os.rename(fresh, old)
    os.rmdir(fresh.parent)


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sync_as_student(folder):
    """Run as the student: the kernel's configuration and the notebooks (see the module's text)."""
    for name in CONFIG:
        src, dst = TEMPLATE / name, folder / name
        if dst.is_dir() and not dst.is_symlink():
            shutil.rmtree(dst)
        elif dst.exists() or dst.is_symlink():
            dst.unlink()
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            shutil.copy2(src, dst)
    versions_file = folder / VERSIONS
    versions = json.loads(versions_file.read_text()) if versions_file.exists() else {}
    for src in sorted(TEMPLATE.glob("*.ipynb")):
        dst, new, handed_out = folder / src.name, sha256(src), versions.get(src.name)
        mine = sha256(dst) if dst.exists() else None
        if mine is None or mine == handed_out:  # none yet, or untouched: take the course's
            if mine != new:
                shutil.copyfile(src, dst)
            versions[src.name] = new
        elif new != handed_out and mine != new:  # changed by the student: the update beside it
            shutil.copyfile(src, folder / f"{src.stem} (course update).ipynb")
            versions[src.name] = new
    versions_file.write_text(json.dumps(versions, indent=1, sort_keys=True))


def provision(name):
    user = ensure_user(name)
    folder = notebook_dir(name)
    if not folder.is_dir():
        folder.mkdir(mode=0o700)
        os.chown(folder, user.pw_uid, user.pw_gid)
    os.chmod(folder, 0o700)
    replace_build(user, folder)
    # This file's text goes to the student's Python on stdin: the checkout it was started from
    # need not be readable by the student.
    subprocess.run(
        [sys.executable, "-", "--sync", str(folder)], input=Path(__file__).read_text(), text=True,
        user=user.pw_uid, group=user.pw_gid, extra_groups=[], env={"HOME": user.pw_dir, "PATH": "/usr/bin:/bin"},
        check=True,
    )
    return folder


def student_pids(uid):
    """The processes running as this uid (read from /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    pids.append(int(entry.name))
            except FileNotFoundError:
                pass
    return pids


def remove(name):
    """Deletes a student: processes, user, home and notebook folder (used by the tests)."""
    try:
        user = pwd.getpwnam(name)
    except KeyError:
        return
    if user.pw_gid != grp.getgrnam(GROUP).gr_gid:
        raise PermissionError(f"the Unix user {name!r} is not in {GROUP}: not removing it")
    for _ in range(100):  # anything the student left running, one by one, until none is left
        pids = student_pids(user.pw_uid)
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass
        time.sleep(0.1)
    subprocess.run(["userdel", "--remove", name], check=True, stderr=subprocess.DEVNULL)
    shutil.rmtree(notebook_dir(name), ignore_errors=True)


def main():
    if sys.argv[1:2] == ["--sync"]:
        sync_as_student(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["--remove"]:
        remove(sys.argv[2])
    elif len(sys.argv) == 2:
        print(provision(sys.argv[1]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
