"""One status line for a long ingest on a terminal: files read, chunks embedded, time left.

An ingest reads and chunks every new or changed file, then embeds the chunks that have
no stored vector. How many chunks there are is known only when the reading is done, and
embedding takes most of the time, so the time left covers reading until the first batch
is embedded, and from then on the whole rest of the run.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from typing import TextIO

REDRAW_SECONDS = 0.2  # a redraw per batch would flicker; this keeps the line readable


@dataclass(frozen=True)
class PhaseState:
    done: int = 0
    total: int = 0
    started: float | None = None  # clock time of the phase's first report
    first: int = 0  # items done at the first report
    last: float | None = None  # clock time of its latest report

    def seconds_left(self) -> float | None:
        """The rest of the phase at its rate between its first report and its latest
        (the work before the first report has no start time to measure it from)."""
        if self.done >= self.total > 0:
            return 0.0
        if self.started is None or self.last is None or self.done <= self.first:
            return None
        per_item = (self.last - self.started) / (self.done - self.first)
        return per_item * (self.total - self.done)


def time_left(files: PhaseState, chunks: PhaseState) -> float | None:
    """Seconds the run still needs; None while there is nothing to estimate from."""
    if chunks.started is not None:
        return chunks.seconds_left()  # reading is over; embedding is the rest of the run
    return files.seconds_left()


def clock_text(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def status_line(files: PhaseState, chunks: PhaseState, elapsed: float) -> str:
    parts = [f"files: {files.done:,}/{files.total:,}"]
    if chunks.started is not None:
        parts.append(f"chunks: {chunks.done:,}/{chunks.total:,}")
    parts.append(f"{clock_text(elapsed)} elapsed")
    left = time_left(files, chunks)
    if left is not None:
        parts.append(f"about {clock_text(left)} left"
                     + ("" if chunks.started is not None else " to read, then embedding"))
    return "ingest  " + "  ".join(parts)


@dataclass
class RunProgress:
    """A pipeline `Progress` callback that redraws one line on `stream` (a terminal)."""

    stream: TextIO
    files: PhaseState = PhaseState()
    chunks: PhaseState = PhaseState()
    started: float = field(default_factory=time.monotonic)
    _drawn: float = 0.0
    _open: bool = False

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        state = self.chunks if phase == "chunks" else self.files
        if state.started is None:
            state = PhaseState(done, total, now, done, now)
        else:
            state = PhaseState(done, total, state.started, state.first, now)
        if phase == "chunks":
            self.chunks = state
        else:
            self.files = state
        finished = done >= total
        if finished or now - self._drawn >= REDRAW_SECONDS or not self._open:
            self._draw(now)
        if finished and phase == "chunks":
            self.close()

    def _draw(self, now: float) -> None:
        width = shutil.get_terminal_size((100, 24)).columns - 1
        line = status_line(self.files, self.chunks, now - self.started)[:width]
        self.stream.write("\r" + line.ljust(width))
        self.stream.flush()
        self._drawn, self._open = now, True

    def close(self) -> None:
        """End the line, so what is printed next starts on its own."""
        if self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False
