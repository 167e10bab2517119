"""Helpers shared by the browser test and the screenshot script: run the real app
(`tradeoffs ui`) on a free loopback port, and launch Debian's Chromium."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from evals.local_servers import free_port

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "ui" / "web" / "app.py"
HOSTILE_DIR = REPO / "tests" / "fixtures" / "hostile"
HOSTILE_FILE = "quarantine-node-pools.md"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# The first run loads the embedding model (seconds on a busy machine); later runs reuse it.
APP_TIMEOUT = 180
TRADEOFFS = Path(sys.executable).parent / "tradeoffs"


@contextmanager
def running_app(env: Mapping[str, str], log: Path, timeout: float = 60,
                script: Path | None = None) -> Iterator[str]:
    """Start `tradeoffs ui --port N` (or `streamlit run SCRIPT` with the same server
    options) and yield its URL once the server answers."""
    from ui.cli.commands import streamlit_command

    port = free_port()
    command = [sys.executable, str(TRADEOFFS), "ui", "--port", str(port)]
    if script is not None:
        command = streamlit_command(port)
        command[command.index(str(APP))] = str(script)
    with open(log, "w") as out:
        proc = subprocess.Popen(command, env=dict(env), stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the app exited early:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the app did not start:\n{log.read_text()}") from None
            time.sleep(0.3)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the server and anything it started
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def launch_chromium(playwright):
    """Debian's Chromium, headless, with no background traffic."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def read_terminal(leader: int) -> bytes:
    """All a process wrote to the pseudo-terminal whose `leader` end this is, read until
    the terminal closes with the process; closes `leader`."""
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    return seen
