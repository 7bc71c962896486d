"""What the hub's tests share: a running hub (the course's configuration with test_config.py: on
loopback, its state in a temporary folder, a dummy authenticator, an admin token for the tests),
its REST API, and a student's kernel driven as JupyterLab drives it: a session through the
student's server behind the hub's proxy, then the kernel's channels over a websocket.
Used by load_test.py and isolation_test.py; run as root (the hub creates a Unix user per student).
"""

import asyncio
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import provision  # noqa: E402
from course_spawner import remove_groups  # noqa: E402

VENV = provision.HUB / "cache" / "venv"
AsyncHTTPClient.configure(None, max_clients=64)


@contextmanager
def running_hub(port):
    """Starts the hub, yields a Hub, and stops it (and with it every student's server)."""
    if os.geteuid() != 0:
        raise SystemExit("the hub tests run as root: the hub creates a Unix user for every student")
    if not (VENV / "bin" / "jupyterhub").exists():
        raise SystemExit(f"no hub is installed in {provision.HUB}: run hub/setup.sh first")
    token = secrets.token_hex(16)
    with tempfile.TemporaryDirectory(prefix="hub-test-") as state:
        log_path = Path(state) / "hub.log"
        env = dict(os.environ, FOUNDATIONS_HUB_TEST_STATE=state, FOUNDATIONS_HUB_PORT=str(port),
                   FOUNDATIONS_HUB_TEST_TOKEN=token)
        with open(log_path, "w") as log:
            proc = subprocess.Popen([str(VENV / "bin" / "jupyterhub"), "-f", str(HERE / "test_config.py")],
                                    cwd=state, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        hub = Hub(f"http://127.0.0.1:{port}", token, proc, log_path)
        try:
            asyncio.run(hub.wait_ready())
            yield hub
        finally:
            proc.send_signal(signal.SIGTERM)  # the hub stops the servers and the proxy it started
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            proxy_pid = Path(state) / "proxy.pid"
            if proxy_pid.exists():
                try:
                    os.kill(int(proxy_pid.read_text()), signal.SIGTERM)
                except (ProcessLookupError, ValueError):
                    pass
            log_text = log_path.read_text()
            hub.log_tail = log_text[-4000:]
            # the whole log outlives the temporary folder, for a failure to be read afterwards
            kept = Path(tempfile.gettempdir()) / "hub-test-last.log"
            kept.write_text(log_text)
            print(f"the hub's log: {kept}", file=sys.stderr)


class Hub:
    def __init__(self, url, token, proc, log_path):
        self.url, self.token, self.proc, self.log_path = url, token, proc, log_path

    async def request(self, method, path, body=None, token=None, timeout=120):
        req = HTTPRequest(self.url + path, method=method, headers={"Authorization": f"token {token or self.token}"},
                          body=None if body is None else json.dumps(body), allow_nonstandard_methods=True,
                          request_timeout=timeout)
        try:
            resp = await AsyncHTTPClient().fetch(req)  # one client per event loop
        except HTTPClientError as err:
            detail = err.response.body.decode(errors="replace")[:500] if err.response else ""
            raise RuntimeError(f"{method} {path}: {err} {detail}") from None
        return json.loads(resp.body) if resp.body else None

    async def wait_ready(self, timeout=90):
        start = time.time()
        while time.time() - start < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the hub exited ({self.proc.returncode}):\n{self.log_path.read_text()[-3000:]}")
            try:
                await self.request("GET", "/hub/api/", timeout=5)
                return
            except Exception:
                await asyncio.sleep(0.5)
        raise RuntimeError(f"the hub did not answer in {timeout} s:\n{self.log_path.read_text()[-3000:]}")

    async def start_student(self, name, timeout=300):
        """Creates the student and starts their server; returns a token of theirs."""
        await self.request("POST", f"/hub/api/users/{name}")
        try:
            await self.request("POST", f"/hub/api/users/{name}/server")
        except RuntimeError as err:
            raise RuntimeError(f"{err}\nthe hub's log ends:\n{self.log_path.read_text()[-3000:]}") from None
        start = time.time()
        while time.time() - start < timeout:
            server = (await self.request("GET", f"/hub/api/users/{name}"))["servers"].get("", {})
            if server.get("ready"):
                break
            if not server.get("pending") and not server.get("ready"):
                raise RuntimeError(f"{name}'s server failed to start:\n{self.log_path.read_text()[-3000:]}")
            await asyncio.sleep(0.2)
        else:
            raise RuntimeError(f"{name}'s server was not ready after {timeout} s")
        return (await self.request("POST", f"/hub/api/users/{name}/tokens", {"expires_in": 7200}))["token"]

    async def stop_student(self, name):
        """Stops the server, deletes the hub user, then the Unix user and their files."""
        try:
            await self.request("DELETE", f"/hub/api/users/{name}/server")
            for _ in range(300):
                user = await self.request("GET", f"/hub/api/users/{name}")
                if not user["servers"]:
                    break
                await asyncio.sleep(0.2)
            await self.request("DELETE", f"/hub/api/users/{name}")
        finally:
            provision.remove(name)
            remove_groups(name)


class Kernel:
    """A kernel of a student's server, opened as JupyterLab opens a notebook."""

    def __init__(self, hub, name, token):
        self.hub, self.name, self.token = hub, name, token
        self.ws = None
        self.session = uuid.uuid4().hex
        self.done = set()  # requests answered (reply and idle)
        self.late = {}  # their outputs that came after that: request id -> outputs

    async def open(self, notebook):
        body = {"path": notebook, "name": notebook, "type": "notebook", "kernel": {"name": "rust"}}
        session = await self.hub.request("POST", f"/user/{self.name}/api/sessions", body, token=self.token)
        self.kernel_id = session["kernel"]["id"]
        ws_url = self.hub.url.replace("http", "ws", 1) + f"/user/{self.name}/api/kernels/{self.kernel_id}/channels"
        self.ws = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {self.token}"},
                                                      connect_timeout=300, request_timeout=300),
                                          max_message_size=256 * 1024 * 1024)
        self.session_id = session["id"]
        # A request written just as the server connects the websocket to the kernel can be lost;
        # JupyterLab also asks again until the kernel answers.
        start = time.time()
        while True:
            try:
                await self.call("kernel_info_request", {}, timeout=5)
                return
            except asyncio.TimeoutError:
                if time.time() - start > 300:
                    raise RuntimeError(f"{self.name}'s kernel did not answer in 300 s") from None

    async def close(self):
        if self.ws is not None:
            self.ws.close()
        await self.hub.request("DELETE", f"/user/{self.name}/api/sessions/{self.session_id}", token=self.token)

    async def call(self, msg_type, content, timeout):
        """Sends a shell request; returns (outputs, time of the first output, reply content)."""
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": msg_type, "username": self.name, "session": self.session,
                  "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "version": "5.3"}
        await self.ws.write_message(json.dumps({"header": header, "parent_header": {}, "metadata": {},
                                                "content": content, "channel": "shell", "buffers": []}))
        outputs, first, reply, idle = [], None, None, msg_type == "kernel_info_request"
        deadline = time.time() + timeout
        while reply is None or not idle:
            try:
                raw = await asyncio.wait_for(self.ws.read_message(), max(deadline - time.time(), 0.01))
            except TimeoutError:
                missing = "its idle status" if reply is not None else "a reply"
                raise TimeoutError(f"{self.name}'s kernel sent no {missing} to {msg_type} within {timeout} s "
                                   f"({len(outputs)} output(s) before that)") from None
            if raw is None:
                raise RuntimeError(f"{self.name}'s kernel websocket closed")
            msg = json.loads(raw)
            parent, kind = msg.get("parent_header", {}).get("msg_id"), msg["header"]["msg_type"]
            if parent != msg_id:
                self.keep_late(parent, msg)
                continue
            c = msg["content"]
            if msg.get("channel") == "shell":
                reply = c
            elif kind == "status" and c.get("execution_state") == "idle":
                idle = True
            elif as_output(msg):
                first = first or time.time()
                outputs.append(as_output(msg))
        self.done.add(msg_id)
        self.last_id = msg_id
        return outputs, first, reply

    def keep_late(self, parent, msg):
        """evcxr forwards a cell's prints from its child process; on a busy machine some arrive
        after the kernel reported the cell done (notebooks/run.py meets the same). Kept apart."""
        if parent in self.done and as_output(msg):
            self.late.setdefault(parent, []).append(as_output(msg))

    async def drain(self, seconds):
        """Reads what still arrives for finished requests during `seconds`."""
        deadline = time.time() + seconds
        while (left := deadline - time.time()) > 0:
            try:
                raw = await asyncio.wait_for(self.ws.read_message(), left)
            except asyncio.TimeoutError:
                return
            if raw is None:
                return
            msg = json.loads(raw)
            self.keep_late(msg.get("parent_header", {}).get("msg_id"), msg)

    async def execute(self, code, timeout=1800):
        return await self.call("execute_request", {"code": code, "silent": False, "store_history": True,
                                                   "user_expressions": {}, "allow_stdin": False,
                                                   "stop_on_error": False}, timeout)


def as_output(msg):
    """A kernel message as a notebook output (nbformat's layout), or None if it is not one."""
    kind, c = msg["header"]["msg_type"], msg["content"]
    if kind == "stream":
        return {"output_type": kind, "name": c["name"], "text": c["text"]}
    if kind == "error":
        return {"output_type": kind, "ename": c["ename"], "evalue": c["evalue"]}
    if kind in ("display_data", "execute_result"):
        return {"output_type": kind, "data": c.get("data", {})}
    return None


def rss_by_uid(uids):
    """Total resident memory (bytes) of the processes of each uid, read from /proc."""
    totals = dict.fromkeys(uids, 0)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status") as f:
                uid = rss = None
                for line in f:
                    if line.startswith("Uid:"):
                        uid = int(line.split()[1])
                    elif line.startswith("VmRSS:"):
                        rss = int(line.split()[1]) * 1024
            if uid in totals and rss:
                totals[uid] += rss
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
    return totals
