"""Servers a bench or test starts on this machine: `chroma run` and `tradeoffs serve`, on a
free loopback port, waited for until they answer and stopped afterwards."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def answers(url: str) -> bool:
    """Whether a GET of `url` returns 200 now."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def stop(process: subprocess.Popen[bytes], timeout: float) -> None:
    """Terminate, and kill what does not exit within `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running(command: Sequence[str], log: Path, ready: Callable[[], bool], timeout: float,
            env: Mapping[str, str] | None = None,
            stop_timeout: float = 30) -> Iterator[subprocess.Popen[bytes]]:
    """`command` with its output in `log`, once `ready()` holds; RuntimeError, quoting the
    log's end, when it exits or is not ready within `timeout` seconds."""
    with open(log, "wb") as out:
        process = subprocess.Popen(list(command), stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL,
                                   env=dict(os.environ if env is None else env))
    try:
        deadline = time.monotonic() + timeout
        while not ready():
            if process.poll() is not None or time.monotonic() > deadline:
                state = ("exited " + str(process.returncode) if process.poll() is not None
                         else f"did not answer within {timeout:.0f} s")
                raise RuntimeError(f"{command[0]} {state}:\n"
                                   + log.read_text(errors="replace")[-2000:])
            time.sleep(0.1)
        yield process
    finally:
        stop(process, stop_timeout)


@contextmanager
def chroma_server(path: Path, log: Path, timeout: float = 120) -> Iterator[tuple[int, int]]:
    """`chroma run --path PATH` on a free local port: (port, pid), stopped afterwards."""
    chroma = Path(sys.executable).parent / "chroma"
    port = free_port()
    command = [str(chroma), "run", "--path", str(path), "--host", HOST, "--port", str(port)]
    with running(command, log, lambda: answers(f"http://{HOST}:{port}/api/v2/heartbeat"),
                 timeout, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
                 stop_timeout=15) as process:
        yield port, process.pid
