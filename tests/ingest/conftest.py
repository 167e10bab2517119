"""Fixtures of the ingest tests: a real Chroma server (one per module) and a private corpus copy."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory, bin_dir: Path
                  ) -> Iterator[tuple[str, int]]:
    """A local Chroma server on a free port, stopped at teardown."""
    chroma = bin_dir / "chroma"
    if not chroma.exists():
        pytest.skip("the chroma server binary is not installed")
    base = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = open(base / "server.log", "wb")  # closed at teardown
    server = subprocess.Popen(
        [str(chroma), "run", "--path", str(base / "data"), "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (base / "server.log").read_text(errors="replace")
            try:
                url = f"http://127.0.0.1:{port}/api/v2/heartbeat"
                with urllib.request.urlopen(url, timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "chroma server did not answer its heartbeat"
            time.sleep(0.1)
        yield "127.0.0.1", port
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture
def unused_port() -> int:
    """A loopback port that nothing listens on."""
    return free_port()


@pytest.fixture
def corpus(tmp_path: Path, fixture_corpus: Path) -> Path:
    """A private copy of the fixture corpus that a test may change."""
    return Path(shutil.copytree(fixture_corpus, tmp_path / "corpus"))
