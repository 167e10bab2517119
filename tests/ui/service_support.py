"""Run the real `tradeoffs serve` on a free loopback port, for the service tests and the
HTTP load bench's tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from ui_support import TRADEOFFS, free_port

from ingest.settings import Settings

# Each worker loads the embedding model before it answers; a busy machine takes a while.
START_TIMEOUT = 240


@dataclass(frozen=True)
class Served:
    url: str  # http://127.0.0.1:PORT
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def serving(index: Settings, log: Path, *flags: str,
            env: Mapping[str, str] | None = None) -> Iterator[Served]:
    """`tradeoffs serve` over the index until the block ends; waits for /healthz."""
    port = free_port()
    environ = {**os.environ, "TRADEOFFS_CACHE_DIR": str(index.cache_dir), **(env or {})}
    command = [sys.executable, str(TRADEOFFS), "serve", "--index", str(index.index_dir),
               "--port", str(port), *flags]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, env=environ)
    served = Served(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert process.poll() is None, served.output()
            try:
                if httpx.get(f"{served.url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the service did not come up:\n" + \
                served.output()
            time.sleep(0.2)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
