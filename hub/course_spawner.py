"""The hub's spawner: JupyterHub's LocalProcessSpawner (each student's server runs as their own Unix
user) plus the memory and CPU limits it does not enforce itself, through Linux control groups.

Each student gets a control group, foundations-hub/<name>, in the memory and cpu hierarchies (cgroup
v1, as in this container) or in the unified one (v2). The server joins it in the child process
before it drops to the student's user and execs, so everything it starts (kernels, cargo, rustc)
is counted against the student's limit:
- memory: spawner.mem_limit (c.Spawner.mem_limit) as memory.limit_in_bytes (v1) or memory.max
  (v2); a student's process that goes beyond it is killed by the kernel's OOM killer, not the
  machine's other students;
- CPU: spawner.cpu_limit cores as a CFS quota (cpu.cfs_quota_us, or cpu.max), and, in v1, equal
  cpu.shares, so a busy student gets the same share of a contended CPU as any other, however many
  compiler processes they run.
If the control-group file system cannot be written (no delegation, as in many containers), the
spawn fails with that reason rather than running without the limits the configuration asked for.
"""

import os
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid

CGROUP = Path("/sys/fs/cgroup")
PARENT = "foundations-hub"
PERIOD_US = 100_000


def cgroup_dirs(name):
    """The student's control-group folders: one per v1 hierarchy, or the single v2 one."""
    if (CGROUP / "cgroup.controllers").exists():
        return {"unified": CGROUP / PARENT / name}
    return {"memory": CGROUP / "memory" / PARENT / name, "cpu": CGROUP / "cpu" / PARENT / name}


def write(path, value):
    try:
        path.write_text(str(value))
    except OSError as err:
        raise RuntimeError(f"cannot set {path} to {value}: {err} (is the control-group file system writable here?)") from err


def set_limits(name, mem_bytes, cpus):
    """Creates the student's control groups with the limits; returns their cgroup.procs files."""
    dirs = cgroup_dirs(name)
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    if "unified" in dirs:
        parent = CGROUP / PARENT
        write(parent / "cgroup.subtree_control", "+memory +cpu")
        write(dirs["unified"] / "memory.max", mem_bytes or "max")
        write(dirs["unified"] / "cpu.max", f"{int(cpus * PERIOD_US)} {PERIOD_US}" if cpus else f"max {PERIOD_US}")
    else:
        write(dirs["memory"] / "memory.limit_in_bytes", mem_bytes or -1)
        write(dirs["cpu"] / "cpu.shares", 1024)
        write(dirs["cpu"] / "cpu.cfs_period_us", PERIOD_US)
        write(dirs["cpu"] / "cpu.cfs_quota_us", int(cpus * PERIOD_US) if cpus else -1)
    return [d / "cgroup.procs" for d in dirs.values()]


def remove_groups(name):
    """Removes the student's control groups once nothing runs in them (else leaves them)."""
    for d in cgroup_dirs(name).values():
        try:
            d.rmdir()
        except OSError:
            pass


class CourseSpawner(LocalProcessSpawner):
    """LocalProcessSpawner whose server runs inside the student's control groups."""

    def make_preexec_fn(self, name):
        procs = set_limits(name, self.mem_limit, self.cpu_limit)
        become_user = set_user_setuid(name)

        def preexec():
            for f in procs:  # still root here: join the groups, then drop to the student
                with open(f, "w") as out:
                    out.write(str(os.getpid()))
            become_user()

        return preexec

    async def stop(self, now=False):
        await super().stop(now=now)
        remove_groups(self.user.name)
