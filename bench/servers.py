"""Start and stop gunicorn on a free loopback port for benches, load and fault tests."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GUNICORN = os.path.join(os.path.dirname(sys.executable), "gunicorn")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(port: int, path: str = "/", timeout: float = 30.0) -> None:
    """Poll until the server answers ``path`` with a non-5xx status, or raise."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
            if status < 500:
                return
        except OSError as err:
            last = err
        time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not come up: {last}")


@dataclass
class Server:
    """A running gunicorn master."""

    process: subprocess.Popen[bytes]
    port: int

    @property
    def base(self) -> str:
        """http://127.0.0.1:<port>."""
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        """Process ids of the master's workers (from /proc, Linux)."""
        pids = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(entry))
        return sorted(pids)


@contextmanager
def gunicorn(
    app: str,
    env: Mapping[str, str] | None = None,
    workers: int = 2,
    ready_path: str = "/",
    extra_args: tuple[str, ...] = (),
) -> Iterator[Server]:
    """Run ``gunicorn -w N app`` on a free 127.0.0.1 port until the block ends."""
    port = free_port()
    cmd = [
        GUNICORN,
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--chdir",
        ROOT,
        "--log-level",
        "warning",
        *extra_args,
        app,
    ]
    process = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, cwd=ROOT)  # noqa: S603
    try:
        wait_until_up(port, ready_path)
        yield Server(process, port)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
