"""The one place the command line prints: nothing from a document, a file name or the
user reaches the terminal as a control sequence.

`tradeoffs` writes through `TerminalSafe` streams, which show every unsafe character as
a visible `\\uXXXX` escape (`ingest.safe_text.escape_controls`). The escape is valid
inside a JSON string too, so `--json` output stays exact. The only raw writer is a
coloured answer on a terminal: its content is escaped first (`terminal_safe`), then
rich adds its own colour codes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields, is_dataclass, replace
from typing import IO, Any, TypeVar

from ingest.safe_text import escape_controls

T = TypeVar("T")


class TerminalSafe:
    """A text stream that escapes unsafe characters in everything written to it."""

    def __init__(self, stream: IO[str]) -> None:
        self.unescaped = stream

    def write(self, text: str) -> int:
        self.unescaped.write(escape_controls(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, buffer, encoding
        return getattr(self.unescaped, name)


def unescaped(stream: IO[str] | TerminalSafe) -> IO[str]:
    """The stream under a TerminalSafe one, for output whose content is escaped already."""
    return stream.unescaped if isinstance(stream, TerminalSafe) else stream


@contextmanager
def safe_streams() -> Iterator[None]:
    """Route sys.stdout and sys.stderr through TerminalSafe for the block."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalSafe(sys.stdout), TerminalSafe(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def terminal_safe(value: T) -> T:
    """`value` (an Answer, a Passage, a list of them...) with every string escaped."""
    if type(value) is str:
        return escape_controls(value)  # type: ignore[return-value]
    if isinstance(value, tuple | list):
        return type(value)(terminal_safe(v) for v in value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {terminal_safe(k): terminal_safe(v) for k, v in value.items()}  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: terminal_safe(getattr(value, f.name)) for f in fields(value)
                   if f.init}
        return replace(value, **changes)
    return value
