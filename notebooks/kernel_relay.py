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
"""

import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import zmq

CHANNELS = ("shell", "control", "stdin")  # request channels: ROUTER in front, DEALER to evcxr
RELAY_IDENTITY = b"kernel-relay"


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


def open_sockets(ctx, public, private):
    """The relay's sockets: {socket: where its messages go} for every channel, and the heartbeat."""
    pairs = {}
    for channel in CHANNELS:
        front = ctx.socket(zmq.ROUTER)
        front.bind(url(public, channel))
        back = ctx.socket(zmq.DEALER)
        back.setsockopt(zmq.IDENTITY, RELAY_IDENTITY)
        back.connect(url(private, channel))
        pairs[front], pairs[back] = back, front
    iopub_front = ctx.socket(zmq.PUB)
    iopub_front.setsockopt(zmq.SNDHWM, 0)  # never drop an output for a slow client
    iopub_front.bind(url(public, "iopub"))
    iopub_back = ctx.socket(zmq.SUB)
    iopub_back.setsockopt(zmq.RCVHWM, 0)
    iopub_back.setsockopt(zmq.SUBSCRIBE, b"")
    iopub_back.connect(url(private, "iopub"))
    pairs[iopub_back] = iopub_front
    heartbeat = ctx.socket(zmq.ROUTER)
    heartbeat.bind(url(public, "hb"))
    return pairs, heartbeat


def forward(pairs, heartbeat, kernel):
    """Passes messages on, as they come, until evcxr exits; the heartbeat is echoed."""
    poller = zmq.Poller()
    for sock in [*pairs, heartbeat]:
        poller.register(sock, zmq.POLLIN)
    while kernel.poll() is None:
        for sock, _ in poller.poll(500):
            frames = sock.recv_multipart(copy=False)
            (heartbeat if sock is heartbeat else pairs[sock]).send_multipart(frames, copy=False)


def relay(evcxr_argv, connection_file):
    public = json.loads(Path(connection_file).read_text())
    private_file = Path(connection_file).with_name(Path(connection_file).stem + "-evcxr.json")
    ctx, kernel = zmq.Context(), None
    try:
        pairs, heartbeat = open_sockets(ctx, public, private_connection(public, private_file))
        kernel = subprocess.Popen([*evcxr_argv, "--control_file", str(private_file)], preexec_fn=die_with_parent)
        signal.signal(signal.SIGTERM, lambda *_: kernel.terminate())
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # interrupts reach evcxr as control messages
        forward(pairs, heartbeat, kernel)
        return kernel.returncode
    finally:
        if kernel is not None and kernel.poll() is None:
            kernel.kill()
            kernel.wait()
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
