#!/usr/bin/env python3
"""Starts the evcxr kernel behind a relay that keeps one connection per channel to it.

    python kernel_relay.py EVCXR_JUPYTER --control_file CONNECTION_FILE   (what Jupyter runs)
    python kernel_relay.py --install KERNELSPEC_DIR                       (scripts/setup.sh)

Why: evcxr_jupyter 0.22 talks ZeroMQ through the zeromq crate 0.6, whose ROUTER socket can block
for good when one client disconnects while another connects: the socket's receive path removes the
peer with a blocking call on a lock that a task waiting on the same runtime thread holds (measured:
a ROUTER with eight clients connecting and disconnecting stalls within seconds; 0.7.0 has the same
code). Jupyter's server connects and disconnects often: every notebook opened, reloaded or closed,
and at each kernel start it sends kernel_info requests on short-lived sockets. One kernel in about
forty then stopped answering at the moment its notebook opened (hub/load_test.py met it with two
and with eight students). The relay binds the ports Jupyter chose, with libzmq (pyzmq), and gives
evcxr ports of its own with a single, lasting client on each: however Jupyter's clients come and
go, evcxr's sockets see no peer leave until the kernel stops.

Messages pass through unchanged (their signatures included): requests from a client's ROUTER to
evcxr through a DEALER, so the client's identity travels as an extra routing frame and the reply
finds its way back; evcxr's IOPub through a SUB to a PUB that keeps every message for a slow
client instead of dropping it. The DEALERs share one identity, because evcxr
sends an input request to the identity that made the execute request. Heartbeats are answered
here while evcxr runs. When evcxr exits, so does the relay, with its exit code; when the relay
dies, the kernel gets SIGKILL (Linux) or is killed with the process group, as Jupyter does.

Two more races of evcxr's, met in this project's CI, are narrowed here:
- A port picked for evcxr can be taken before evcxr binds it (by any process's outgoing
  connection: the OS hands out the same range). evcxr then exits with "Address already in use",
  and Jupyter's server, restarting the kernel on new ports, left the notebook's websocket waiting
  on the old ones for good. So when evcxr exits before it has answered anything, the relay starts
  it again on new ports of its own, behind the same public ports (up to START_ATTEMPTS times).
- evcxr sends a cell's printed lines from a thread of their own and waits only until that thread
  has taken the last line, not until it has sent it; the cell's "idle" status can overtake it.
  Jupyter's clients stop listening for a cell's output at "idle", so the line is lost (CI met it
  once, over some thousands of cells run). The relay holds each cell's "idle" for IDLE_HOLD
  seconds, so that a line sent in that time arrives before it.
"""

import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections import deque
from pathlib import Path

import zmq

CHANNELS = ("shell", "control", "stdin")  # request channels: ROUTER in front, DEALER to evcxr
RELAY_IDENTITY = b"kernel-relay"
START_ATTEMPTS = 3
IDLE_HOLD = 0.02  # seconds a cell's "idle" waits for a line evcxr's output thread is still sending
DELIMITER = b"<IDS|MSG>"  # in Jupyter's wire format: routing frames, delimiter, signature, header, ...


def free_ports(n, ip):
    """n ports nobody listens on now (the OS picks them, as jupyter_client does)."""
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind((ip, 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def private_connection(public, path):
    """Writes evcxr's connection file: the same key and scheme, ports of its own, on loopback."""
    ip = "127.0.0.1"
    names = ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"]
    private = dict(public, ip=ip, transport="tcp", **dict(zip(names, free_ports(len(names), ip))))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds the signing key
    with os.fdopen(fd, "w") as f:
        json.dump(private, f)
    return private


def url(conn, channel):
    if conn.get("transport", "tcp") == "ipc":  # Jupyter's IPC naming: the path, a dash, the "port"
        return f"ipc://{conn['ip']}-{conn[channel + '_port']}"
    return f"tcp://{conn['ip']}:{conn[channel + '_port']}"


def die_with_parent():
    """Run in evcxr's process before it starts: SIGKILL when the relay dies (Linux only)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def bind_public(ctx, public):
    """The ports Jupyter chose: {channel: socket}, bound for the relay's whole life."""
    fronts = {}
    for channel in CHANNELS:
        fronts[channel] = ctx.socket(zmq.ROUTER)
    fronts["iopub"] = ctx.socket(zmq.PUB)
    fronts["iopub"].setsockopt(zmq.SNDHWM, 0)  # never drop an output for a slow client
    fronts["hb"] = ctx.socket(zmq.ROUTER)
    for channel, sock in fronts.items():
        sock.bind(url(public, channel))
    return fronts


def connect_private(ctx, private):
    """One lasting client on each of evcxr's ports: {channel: socket}."""
    backs = {}
    for channel in CHANNELS:
        backs[channel] = ctx.socket(zmq.DEALER)
        backs[channel].setsockopt(zmq.IDENTITY, RELAY_IDENTITY)
    backs["iopub"] = ctx.socket(zmq.SUB)
    backs["iopub"].setsockopt(zmq.RCVHWM, 0)
    backs["iopub"].setsockopt(zmq.SUBSCRIBE, b"")
    for channel, sock in backs.items():
        sock.linger = 0
        sock.connect(url(private, channel))
    return backs


def is_cell_idle(frames):
    """Whether an IOPub message is the "idle" status that ends an execute request."""
    at = next((i for i, frame in enumerate(frames) if frame.bytes == DELIMITER), len(frames))
    if len(frames) < at + 6 or json.loads(frames[at + 2].bytes).get("msg_type") != "status":
        return False  # only a status message's parent and content are read (outputs can be large)
    parent, content = json.loads(frames[at + 3].bytes), json.loads(frames[at + 5].bytes)
    return content.get("execution_state") == "idle" and parent.get("msg_type") == "execute_request"


def forward(fronts, backs, kernel):
    """Passes messages on, as they come, until evcxr exits; the heartbeat is echoed, and a cell's
    "idle" is held IDLE_HOLD seconds (see above). Returns whether evcxr sent anything."""
    from_evcxr = {backs[c]: fronts[c] for c in backs}
    pairs = {fronts[c]: backs[c] for c in CHANNELS} | from_evcxr | {fronts["hb"]: fronts["hb"]}
    poller = zmq.Poller()
    for sock in pairs:
        poller.register(sock, zmq.POLLIN)
    held, answered = deque(), False  # held: (when to send, the idle's frames)
    while kernel.poll() is None:
        wait = 500 if not held else max(0, held[0][0] - time.monotonic()) * 1000
        for sock, _ in poller.poll(wait):
            frames = sock.recv_multipart(copy=False)
            answered = answered or sock in from_evcxr
            if sock is backs["iopub"] and is_cell_idle(frames):
                held.append((time.monotonic() + IDLE_HOLD, frames))
            else:
                pairs[sock].send_multipart(frames, copy=False)
        while held and held[0][0] <= time.monotonic():
            fronts["iopub"].send_multipart(held.popleft()[1], copy=False)
    for _, frames in held:  # evcxr has exited: what it said last still goes out
        fronts["iopub"].send_multipart(frames, copy=False)
    return answered


def run_evcxr(ctx, evcxr_argv, public, fronts, private_file):
    """Starts evcxr on new private ports and relays until it exits: (exit code, whether it answered)."""
    backs = connect_private(ctx, private_connection(public, private_file))
    kernel = subprocess.Popen([*evcxr_argv, "--control_file", str(private_file)], preexec_fn=die_with_parent)
    try:
        answered = forward(fronts, backs, kernel)
        return kernel.returncode, answered
    finally:
        if kernel.poll() is None:
            kernel.kill()
            kernel.wait()
        for sock in backs.values():
            sock.close()


def stopped(signum, _frame):
    """SIGTERM (Jupyter stopping the kernel): unwinds, so evcxr is stopped and the files removed."""
    sys.exit(128 + signum)


def relay(evcxr_argv, connection_file):
    public = json.loads(Path(connection_file).read_text())
    private_file = Path(connection_file).with_name(Path(connection_file).stem + "-evcxr.json")
    ctx = zmq.Context()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # interrupts reach evcxr as control messages
    signal.signal(signal.SIGTERM, stopped)
    try:
        fronts = bind_public(ctx, public)
        for attempt in range(1, START_ATTEMPTS + 1):
            code, answered = run_evcxr(ctx, evcxr_argv, public, fronts, private_file)
            if answered or code == 0 or attempt == START_ATTEMPTS:
                return code
            print(f"kernel_relay: evcxr exited ({code}) before it answered; starting it again on new ports "
                  f"(attempt {attempt + 1} of {START_ATTEMPTS})", file=sys.stderr, flush=True)
    finally:
        private_file.unlink(missing_ok=True)
        ctx.destroy(linger=0)


def unrelayed(argv):
    """A kernelspec's command without this relay in front (as it is, if the relay is not there)."""
    relayed = len(argv) > 1 and Path(argv[1]).name == Path(__file__).name
    return argv[2:] if relayed else argv


def install(spec_dir):
    """Makes the kernelspec that `evcxr_jupyter --install` wrote start evcxr through this relay
    (a copy of this file in the kernelspec folder, run by this Python, which has pyzmq)."""
    spec_dir = Path(spec_dir)
    spec_path = spec_dir / "kernel.json"
    spec = json.loads(spec_path.read_text())
    evcxr = [a for a in unrelayed(spec["argv"]) if a not in ("--control_file", "{connection_file}")]
    (spec_dir / Path(__file__).name).write_bytes(Path(__file__).read_bytes())
    spec["argv"] = [sys.executable, "{resource_dir}/" + Path(__file__).name, *evcxr,
                    "--control_file", "{connection_file}"]
    spec_path.write_text(json.dumps(spec, indent=1))


def main(argv):
    if len(argv) == 2 and argv[0] == "--install":
        install(argv[1])
        return 0
    if len(argv) < 3 or argv[-2] != "--control_file":
        sys.exit(__doc__)
    return relay(argv[:-2], argv[-1])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
