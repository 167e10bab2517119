"""Run the real `tradeoffs serve` on a free loopback port, for the service tests and the
HTTP load bench's tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ui_support import TRADEOFFS

from evals.local_servers import HOST, answers, free_port, running
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
    url = f"http://{HOST}:{port}"
    with running(command, log, lambda: answers(f"{url}/healthz"), START_TIMEOUT,
                 env=environ) as process:
        yield Served(url, process, log)
