"""Keep an index in line with its folder: re-ingest whenever a document changes.

One embedding model serves every run, so a run after an edit costs the edit's chunks,
not a model load. Bursts of events (an editor's save is often several writes and a
rename) are gathered until the folder has been quiet for a moment, then ingested once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .embedding import Embedder, load_embedder
from .errors import TradeoffsError, UsageError
from .pipeline import IngestSummary, Progress, ingest
from .settings import Settings

# Quiet time that ends a burst of events, and the longest a burst is gathered for.
QUIET_MS = 400
MAX_GATHER_MS = 3000
# After a failed run (another ingest held the lock, the store was down), try again this
# often even when nothing else changes.
RETRY_MS = 5000


@dataclass(frozen=True)
class WatchRun:
    """One ingest the watcher ran: its summary, or the one-line reason it failed."""

    summary: IngestSummary | None
    error: str | None = None
    events: int = 0  # file events that set it off (0 for the first run)


class WatchFilter:
    """Which events count: not those inside the index folder (an ingest writes there),
    nor hidden files and folders (`.git`, editor swap files), which ingest passes over."""

    def __init__(self, root: Path, index_dir: Path) -> None:
        from watchfiles import DefaultFilter

        self._root = root.resolve()
        self._index = index_dir.resolve()
        self._default = DefaultFilter()  # also drops editor temporaries such as `file~`

    def __call__(self, change: object, path: str) -> bool:
        target = Path(path)
        if target == self._index or self._index in target.parents:
            return False
        if self._root.is_file():
            return target == self._root
        try:
            parts = target.relative_to(self._root).parts
        except ValueError:
            return False
        if any(part.startswith(".") for part in parts):
            return False
        return self._default(change, path)  # type: ignore[arg-type]


def watch(root: Path, settings: Settings, embedder: Embedder | None = None,
          progress: Progress | None = None, wait: float = 0.0) -> Iterator[WatchRun]:
    """Ingest `root` now, then again after every change under it; runs until the caller
    stops iterating or Ctrl-C (KeyboardInterrupt) arrives. `progress` is shown for the
    first run only, which may be long; later runs are one edit's worth."""
    from watchfiles import watch as file_events

    root = root.resolve()
    embedder = embedder or load_embedder(settings, purpose="ingest")
    run = _run(root, settings, embedder, progress, wait, events=0)
    yield run
    retry = run.error is not None
    watched = root.parent if root.is_file() else root
    # Events that arrive while an ingest runs are kept by the watcher and come in the
    # next batch, so no edit is lost.
    for batch in file_events(watched, watch_filter=WatchFilter(root, settings.index_dir),
                             debounce=MAX_GATHER_MS, step=QUIET_MS, rust_timeout=RETRY_MS,
                             yield_on_timeout=True, raise_interrupt=True):
        if not batch and not retry:
            continue
        run = _run(root, settings, embedder, None, wait, events=len(batch))
        retry = run.error is not None
        yield run


def _run(root: Path, settings: Settings, embedder: Embedder, progress: Progress | None,
         wait: float, events: int) -> WatchRun:
    try:
        summary = ingest(root, settings, progress=progress, wait=wait, embedder=embedder)
    except UsageError:
        raise  # the caller's mistake does not mend itself: stop, with its one line
    except TradeoffsError as exc:
        return WatchRun(None, str(exc), events)
    except OSError as exc:  # a file vanished mid-read, a disk hiccup: the next run retries
        return WatchRun(None, f"{exc.strerror or exc} ({exc.filename or root})", events)
    return WatchRun(summary, None, events)
