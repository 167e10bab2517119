"""`tradeoffs ingest DIR --watch`: a real process follows edits, an open Assistant answers
from each run's index without a restart, and Ctrl-C ends it cleanly."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import IO

from assistant import Assistant
from ingest.settings import Settings

QUESTION = "Which tag do Pod Identity sessions carry for quota accounting?"
NEW_SECTION = ("\n\n### Quota accounting\n\nEvery Pod Identity session carries the quokkaflux "
               "tag, which the quota accounting job reads to charge each team.\n")
LINE_WAIT = 180  # seconds a line may take before the test gives up (never a figure)


def _lines(stream: IO[str]) -> queue.Queue[str]:
    """The stream's lines as they arrive, read by a thread so the test never blocks."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line.rstrip("\n"))

    threading.Thread(target=pump, daemon=True).start()
    return lines


def test_watch_reingests_each_edit_and_an_open_assistant_answers_from_it(
        tmp_path: Path, fixture_corpus: Path, embedder, bin_dir: Path) -> None:
    corpus = Path(shutil.copytree(fixture_corpus, tmp_path / "docs"))
    # The index inside the watched folder: its own writes must not set off more runs.
    index_dir = corpus / "index"
    env = {**os.environ, "TRADEOFFS_INDEX_DIR": str(index_dir)}
    # Started with SIGINT ignored, as a script's background job is: Ctrl-C still stops it.
    proc = subprocess.Popen([str(bin_dir / "tradeoffs"), "ingest", str(corpus), "--watch"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=tmp_path,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    assert proc.stdout is not None and proc.stderr is not None
    out = _lines(proc.stdout)
    try:
        first = out.get(timeout=LINE_WAIT)
        assert "added accelerated-instances.md" in first and "chunks embedded: " in first

        settings = Settings.from_env(index_dir=index_dir)
        assistant = Assistant.open(settings=settings, embedder=embedder)
        assert "quokkaflux" not in assistant.ask(QUESTION).text

        path = corpus / "pod-identity.md"
        path.write_text(path.read_text() + NEW_SECTION)
        changed = out.get(timeout=LINE_WAIT)
        assert changed.split(" ", 1)[1].startswith("changed pod-identity.md;"), changed
        assert "chunks embedded: " in changed and "chunks embedded: 0 " not in changed

        answer = assistant.ask(QUESTION)  # the same object: no restart
        assert "quokkaflux" in answer.text
        assert "pod-identity.md" in {c.file for c in answer.citations}
        asked = subprocess.run([str(bin_dir / "tradeoffs"), "ask", QUESTION], env=env,
                               capture_output=True, text=True, timeout=LINE_WAIT)
        assert "quokkaflux" in asked.stdout

        # Hidden folders are passed over: a draft there sets off no run, so the next line
        # is the next edit's.
        (corpus / ".drafts").mkdir()
        (corpus / ".drafts" / "notes.md").write_text("# Drafts\n\nNot for the index.\n")
        time.sleep(1.5)  # longer than the watcher's quiet time, so it would be a run apart
        (corpus / "eks-upgrade-notes.txt").unlink()
        removed = out.get(timeout=LINE_WAIT)
        assert removed.split(" ", 1)[1].startswith("removed eks-upgrade-notes.txt;"), removed
    finally:
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=60)
    errors = proc.stderr.read()
    assert code == 0, errors
    assert "stopped watching" in errors and "Traceback" not in errors


def test_a_service_manager_stops_the_watch_with_sigterm(
        tmp_path: Path, fixture_corpus: Path, bin_dir: Path) -> None:
    corpus = Path(shutil.copytree(fixture_corpus, tmp_path / "docs"))
    env = {**os.environ, "TRADEOFFS_INDEX_DIR": str(tmp_path / "index")}
    proc = subprocess.Popen([str(bin_dir / "tradeoffs"), "ingest", str(corpus), "--watch"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    try:
        assert "chunks embedded: " in _lines(proc.stdout).get(timeout=LINE_WAIT)
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)
    errors = proc.stderr.read()
    assert code == 0, errors
    assert "stopped watching" in errors and "Traceback" not in errors
