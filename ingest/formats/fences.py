"""Fenced code in a Markdown text, followed line by line: what a page shows as code is
left as written by every reading that looks for markup or metadata in its lines."""

from __future__ import annotations

import re

_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")


class Fences:
    """Reads a text's lines in order and tells which are fenced code."""

    def __init__(self) -> None:
        self._open = ""  # the fence of the block being read, "" outside code

    def code(self, line: str) -> bool:
        """Whether `line` opens, closes or lies inside a fenced block. A block closes
        at a fence of its own character at least as long as the one that opened it."""
        fence = _FENCE.match(line)
        if fence and (not self._open or fence[1].startswith(self._open)):
            self._open = "" if self._open else fence[1]
            return True
        return bool(self._open)
