"""A long ingest shows, on a terminal, one line with files, chunks and the time left for
the whole run; piped, it prints only its summary."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

from ui_support import read_terminal

from ui.cli.progress import PhaseState, status_line, time_left

BIN_DIR = Path(sys.executable).parent


def test_time_left_covers_reading_first_then_the_rest_of_the_run() -> None:
    # 10 of 40 files read in 3 s after the first report: 30 files at 0.3 s each are left.
    files = PhaseState(done=11, total=41, started=0.0, first=1, last=3.0)
    assert time_left(files, PhaseState()) == 9.0
    assert "about 0:09 left to read, then embedding" in status_line(files, PhaseState(), 4.0)
    # Embedding: 64 chunks at the first report, 192 after 2 s more; 1,024 of 1,088 to go.
    done = PhaseState(41, 41, 0.0, 1, 12.0)
    chunks = PhaseState(done=192, total=1216, started=14.0, first=64, last=16.0)
    assert time_left(done, chunks) == 16.0
    line = status_line(done, chunks, 16.0)
    assert "files: 41/41" in line and "chunks: 192/1,216" in line
    assert "0:16 elapsed" in line and "about 0:16 left" in line and "read" not in line


def test_the_line_shows_on_a_terminal_and_nothing_when_piped(
        tmp_path: Path, fixture_corpus: Path) -> None:
    corpus = Path(shutil.copytree(fixture_corpus, tmp_path / "docs"))
    for k in range(3):  # several embedding batches, so the time left has a rate to go by
        shutil.copytree(fixture_corpus, corpus / f"team-{k}")
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "TRADEOFFS_INDEX_DIR": str(tmp_path / "a")}
    proc = subprocess.Popen([str(BIN_DIR / "tradeoffs"), "ingest", str(corpus)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower,
                            env=env)
    os.close(follower)
    seen = read_terminal(leader)
    assert proc.wait(timeout=300) == 0
    shown = seen.decode()
    assert "files: 16/16" in shown and "chunks: 132/132" in shown
    assert "elapsed" in shown and " left" in shown

    env["TRADEOFFS_INDEX_DIR"] = str(tmp_path / "b")
    piped = subprocess.run([str(BIN_DIR / "tradeoffs"), "ingest", str(corpus)], env=env,
                           capture_output=True, text=True, timeout=300)
    assert piped.returncode == 0
    assert piped.stderr == ""
    assert piped.stdout.startswith("indexed 16, skipped 0")
