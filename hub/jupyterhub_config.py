# The course's JupyterHub, as hub/setup.sh installs it (README.md, "A whole class: JupyterHub").
# Started by hub/run.sh. Settings a teacher may want to change are read from the environment:
#   FOUNDATIONS_HUB          the prefix hub/setup.sh installed into (default /opt/foundations-hub)
#   FOUNDATIONS_HUB_ADMIN    the teacher's user name (default "teacher"): signs up like a student,
#                            then authorises students' sign-ups at /hub/authorize
#   FOUNDATIONS_HUB_IP, _PORT    where the hub listens (default all interfaces, port 8000)
#   FOUNDATIONS_HUB_MEM, _CPUS   each student's limits (default 3G of memory, 1 core)
#   FOUNDATIONS_HUB_IDLE     seconds after which an idle server is stopped (default 3600)
import os
import sys
from pathlib import Path

import nativeauthenticator

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import provision  # noqa: E402
from course_spawner import CourseSpawner  # noqa: E402

HUB = provision.HUB
VENV = HUB / "cache" / "venv"

c.JupyterHub.ip = os.environ.get("FOUNDATIONS_HUB_IP", "")
c.JupyterHub.port = int(os.environ.get("FOUNDATIONS_HUB_PORT", "8000"))
c.JupyterHub.db_url = f"sqlite:///{HUB}/state/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = str(HUB / "state" / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.command = [str(HUB / "node" / "node_modules" / ".bin" / "configurable-http-proxy")]

# Students sign up with a name and a password; the teacher authorises each sign-up.
c.JupyterHub.authenticator_class = "native"
c.JupyterHub.template_paths = [str(Path(nativeauthenticator.__file__).parent / "templates")]
c.Authenticator.admin_users = {os.environ.get("FOUNDATIONS_HUB_ADMIN", "teacher")}  # authorised at sign-up
c.Authenticator.allow_all = True  # every authorised sign-up may log in
c.NativeAuthenticator.open_signup = False
c.NativeAuthenticator.check_common_password = True
c.NativeAuthenticator.minimum_password_length = 10


# Every server runs as the student's own Unix user, in their control groups (course_spawner.py),
# in the notebook folder hub/provision.py prepares before each start.
def before_start(spawner):
    provision.provision(spawner.user.name)


c.JupyterHub.spawner_class = CourseSpawner
c.Spawner.pre_spawn_hook = before_start
c.Spawner.cmd = [str(VENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = str(HUB / "course" / "notebooks-{username}")
c.Spawner.default_url = "/lab"
# A Rust kernel answers once evcxr has compiled its prelude (notebooks/evcxr.toml): ~15 s on a quiet
# machine, over a minute with eight students starting at once on two cores. Jupyter's default of
# 60 s then closes the notebook's connection to the kernel (hub/load_test.py met it at K = 8).
c.Spawner.args = ["--MappingKernelManager.kernel_info_timeout=600"]
c.Spawner.mem_limit = os.environ.get("FOUNDATIONS_HUB_MEM", "3G")
c.Spawner.cpu_limit = float(os.environ.get("FOUNDATIONS_HUB_CPUS", "1"))
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90

# Stop servers idle for an hour (a kernel holds ~0.3-1 GB), as a hub service.
idle = os.environ.get("FOUNDATIONS_HUB_IDLE", "3600")
c.JupyterHub.services = [
    {"name": "idle-culler", "command": [str(VENV / "bin" / "python"), "-m", "jupyterhub_idle_culler", f"--timeout={idle}"]},
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    },
]
