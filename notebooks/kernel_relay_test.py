#!/usr/bin/env python3
"""Checks that the Rust kernel keeps answering while clients connect and disconnect around it.

    python notebooks/kernel_relay_test.py [--seconds 20] [--direct]

Starts the kernel as Jupyter does, from the installed "rust" kernelspec (evcxr behind
notebooks/kernel_relay.py, which scripts/setup.sh installs), in the notebooks folder. While eight
threads open short-lived connections to its shell and control channels, each sending a
kernel_info request and closing, as Jupyter's server does whenever a notebook opens, one lasting
client asks for kernel_info every 50 ms and runs a cell every 2 s, checking its result on IOPub.
The test fails if any of those goes unanswered for 10 s.

--direct starts evcxr_jupyter itself, without the relay: the same test then shows the stall the
relay exists for (kernel_relay.py explains it); it is expected to fail, usually within seconds.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import zmq
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.session import Session

from kernel_relay import unrelayed

HERE = Path(__file__).resolve().parent
RELAY = "kernel_relay.py"


def kernel_command(direct, connection_file):
    spec = KernelSpecManager().get_kernel_spec("rust")
    evcxr = unrelayed(spec.argv)
    if evcxr == spec.argv and not direct:
        sys.exit(f"the rust kernelspec ({spec.resource_dir}) does not start evcxr through {RELAY}: run scripts/setup.sh")
    argv = evcxr if direct else spec.argv
    fill = {"{connection_file}": connection_file, "{resource_dir}": spec.resource_dir}
    argv = [fill.get(a, a.replace("{resource_dir}", spec.resource_dir)) for a in argv]
    return argv, dict(os.environ, **spec.env)


def churn(conn, stop, counts):
    """Connects, asks for kernel_info, disconnects, again and again (shell, then control)."""
    session = Session(key=conn["key"].encode(), signature_scheme=conn["signature_scheme"])
    ctx = zmq.Context.instance()
    channel = 0
    while not stop.is_set():
        port = conn["shell_port" if channel % 2 == 0 else "control_port"]
        sock = ctx.socket(zmq.DEALER)
        sock.linger = 0
        sock.connect(f"tcp://{conn['ip']}:{port}")
        session.send(sock, "kernel_info_request", {})
        sock.poll(200)
        sock.close()
        counts["connections"] += 1
        channel += 1


def probe(client, seconds, answers):
    """The lasting client: kernel_info every 50 ms, a cell every 2 s (its results appended to
    `answers`); returns what went wrong, or None."""
    start = last_cell = time.time()
    while time.time() - start < seconds:
        try:
            client.kernel_info(reply=True, timeout=10)
            if time.time() - last_cell > 2:
                last_cell = time.time()
                reply = client.execute_interactive("40 + 2", timeout=10, output_hook=lambda m: keep_result(m, answers))
                if reply["content"]["status"] != "ok":
                    return f"a cell failed: {reply['content']}"
        except TimeoutError:
            return f"the kernel stopped answering after {time.time() - start:.1f} s"
        time.sleep(0.05)
    return None


def keep_result(msg, answers):
    if msg["msg_type"] == "execute_result":
        answers.append(msg["content"]["data"].get("text/plain"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--direct", action="store_true", help="evcxr without the relay (expected to stall)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        connection_file, conn = write_connection_file(os.path.join(tmp, "kernel.json"), ip="127.0.0.1")
        conn = dict(conn, key=conn["key"].decode() if isinstance(conn["key"], bytes) else conn["key"])
        argv, env = kernel_command(args.direct, connection_file)
        kernel = subprocess.Popen(argv, cwd=HERE, env=env, stdout=subprocess.DEVNULL, start_new_session=True)
        client = BlockingKernelClient(connection_file=connection_file)
        client.load_connection_file()
        client.start_channels()
        stop, counts, answers = threading.Event(), {"connections": 0}, []
        try:
            started = time.time()
            client.wait_for_ready(timeout=600)
            print(f"kernel ({'evcxr alone' if args.direct else 'evcxr behind the relay'}) ready in {time.time() - started:.1f} s")
            threads = [threading.Thread(target=churn, args=(conn, stop, counts)) for _ in range(8)]
            for t in threads:
                t.start()
            failure = probe(client, args.seconds, answers)
            stop.set()
            for t in threads:
                t.join()
        finally:
            stop.set()
            client.stop_channels()
            os.killpg(kernel.pid, 9)
            kernel.wait()
    print(f"{counts['connections']} short-lived connections; cells answered {answers.count('42')} times with 42")
    if failure or "42" not in answers:
        print(f"FAILED: {failure or 'no cell result arrived on IOPub'}")
        return 1
    print("the kernel answered throughout")
    return 0


if __name__ == "__main__":
    sys.exit(main())
