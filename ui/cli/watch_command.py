"""`tradeoffs ingest PATH --watch`: re-ingest on every change, one line per run."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path
from typing import TextIO

from ingest.pipeline import IngestSummary
from ingest.settings import Settings

from .progress import RunProgress

NAMES_SHOWN = 3  # a line names this many files per kind of change, then counts the rest


def _names(kind: str, names: list[str]) -> str:
    shown = ", ".join(names[:NAMES_SHOWN])
    more = len(names) - NAMES_SHOWN
    return f"{kind} {shown}" + (f" (+{more} more)" if more > 0 else "")


def describe_run(summary: IngestSummary, at: str) -> str:
    """One line: the time, the files added, changed and removed, chunks embedded, seconds."""
    changes = [_names(kind, names) for kind, names in
               (("added", summary.added), ("changed", summary.changed),
                ("removed", summary.removed)) if names]
    if summary.failed:
        changes.append(_names("skipped", sorted(summary.failed)))
    what = "; ".join(changes) or "no change"
    return (f"{at} {what}; chunks embedded: {summary.chunks_embedded} "
            f"(of {summary.chunks_total}); {summary.seconds:.2f}s")


def run_watch(root: Path, settings: Settings, progress: RunProgress | None, wait: float,
              as_json: bool = False, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Watch until Ctrl-C; every run prints its line (with `as_json`, its summary as one
    JSON line), a failed run its reason on `err`."""
    import json

    from ingest.watch import watch

    print(f"tradeoffs: watching {root.resolve()} (Ctrl-C stops)", file=err, flush=True)
    first = True
    # Stop cleanly on Ctrl-C even when started with SIGINT ignored (a background job of a
    # script), and on the SIGTERM a service manager sends.
    previous = {number: signal.signal(number, _interrupt)
                for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        for run in watch(root, settings, progress=progress, wait=wait):
            if first and progress is not None:
                progress.close()  # the first run's line, before the runs' own lines
            first = False
            at = time.strftime("%H:%M:%S")
            if run.summary is None:
                print(f"{at} not indexed: {run.error}; trying again", file=err, flush=True)
                continue
            if as_json:
                print(json.dumps(run.summary.as_dict()), file=out, flush=True)
                continue
            for name, reason in run.summary.failed.items():
                print(f"skipped {name}: {reason}", file=err, flush=True)
            print(describe_run(run.summary, at), file=out, flush=True)
    except KeyboardInterrupt:
        if progress is not None:
            progress.close()
        # A run cut short commits nothing: the index is the last one committed.
        print("tradeoffs: stopped watching; the index is as last committed", file=err,
              flush=True)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
