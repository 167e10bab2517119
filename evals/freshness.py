"""Seconds from editing a watched document to an open Assistant answering from the edit.

    python -m evals.freshness [--corpus corpus/ai-on-eks-why] [--edits 3]

Copies the corpus to a temporary folder, runs `tradeoffs ingest COPY --watch` there
(a real process), opens an `Assistant` on its index, then appends a section with a
made-up word to the first document and asks about it until the answer quotes it.
Prints, per edit, the seconds to the watcher's line and to the new answer.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

from ingest.settings import Settings

from .bench_steps import tradeoffs_command

POLL_SECONDS = 0.1
GIVE_UP_SECONDS = 120


def _edit(word: str) -> tuple[str, str]:
    """A section about a made-up word, and a question only that section answers."""
    section = (f"\n\n## The {word} quota\n\nEach team may run {word} jobs up to its "
               f"{word} quota of forty per cluster, set by the platform team.\n")
    return section, f"What is the {word} quota per cluster?"


def _quoted(answer, word: str) -> bool:
    """Whether a citation quotes the edit (a refusal may name the word, but quotes nothing)."""
    return any(word in citation.quote for citation in answer.citations)


def measure(corpus: Path, edits: int, settings: Settings) -> list[dict[str, float]]:
    from assistant import Assistant

    work = Path(tempfile.mkdtemp(prefix="tradeoffs-fresh-"))
    copy = Path(shutil.copytree(corpus, work / "docs"))
    index_dir = work / "index"
    env = {**os.environ, "TRADEOFFS_INDEX_DIR": str(index_dir)}
    proc = subprocess.Popen([*tradeoffs_command(), "ingest", str(copy), "--watch"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=env,
                            # Ctrl-C must reach it even when this runs in the background.
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines: queue.Queue[tuple[float, str]] = queue.Queue()
    threading.Thread(target=lambda: [lines.put((time.perf_counter(), line))
                                     for line in proc.stdout or ()], daemon=True).start()
    results = []
    try:
        lines.get(timeout=1800)  # the first, full ingest
        assistant = Assistant.open(settings=replace(settings, index_dir=index_dir))
        target = sorted(p for p in copy.rglob("*.md"))[0]
        for n in range(edits):
            word = f"zorblat{n}quux"
            section, question = _edit(word)
            assistant.ask(question)
            edited = time.perf_counter()
            with open(target, "a", encoding="utf-8") as fh:
                fh.write(section)
            while not _quoted(assistant.ask(question), word):
                if time.perf_counter() - edited > GIVE_UP_SECONDS:
                    raise RuntimeError(f"no answer quoted {word} after {GIVE_UP_SECONDS}s")
                time.sleep(POLL_SECONDS)
            answered = time.perf_counter()
            at, line = lines.get(timeout=GIVE_UP_SECONDS)
            results.append({"edit_to_line_s": round(at - edited, 2),
                            "edit_to_answer_s": round(answered - edited, 2),
                            "line": line.strip()})
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(work, ignore_errors=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus/ai-on-eks-why"))
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    for result in measure(args.corpus, args.edits, Settings.from_env()):
        print(json.dumps(result))
    print(f"load average {load:.1f} before", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
