"""A citation's quote cut into prose and code, so code keeps its lines and indentation.

The assistant quotes code one line at a time, each line verbatim but joined to the next
by QUOTE_JOINER, which loses the line breaks and the indentation that carry the
meaning of YAML, JSON, shell and config. The cited passage still holds the lines as
written, inside their fence, so each quoted piece is looked up there: pieces from a
fenced block come back as the block's own lines, with its language; the rest stays
prose. Pure functions over the Answer's fields; the chat and the terminal draw the parts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant import QUOTE_JOINER, Citation, Passage

_FENCE = re.compile(r"^\s{0,3}(?P<mark>`{3,}|~{3,})\s*(?P<info>[^`\s]*)")
MAX_CODE_LINES = 40  # a longer span is shown as its quoted lines only


@dataclass(frozen=True)
class QuotePart:
    """A run of the quote: prose, or lines of one code block."""

    text: str
    language: str | None = None  # None for prose; "" for code of an unnamed language

    @property
    def is_code(self) -> bool:
        return self.language is not None


@dataclass(frozen=True)
class _Block:
    first: int  # index of the first line inside the fence
    last: int  # index of the last line inside the fence
    language: str


def quote_parts(citation: Citation, passages: Iterable[Passage]) -> tuple[QuotePart, ...]:
    """The citation's quote as prose and code parts, in the quote's order."""
    pieces = [p.strip() for p in citation.quote.split(QUOTE_JOINER) if p.strip()]
    source = _source_text(citation, passages)
    if not source or not pieces:
        return (QuotePart(citation.quote.strip()),) if citation.quote.strip() else ()
    lines = source.splitlines()
    blocks = _fenced_blocks(lines)
    parts: list[QuotePart] = []
    prose: list[str] = []
    code: list[int] = []  # line indices quoted from the current block
    current: _Block | None = None
    cursor = 0

    def flush_code() -> None:
        nonlocal current
        if current is not None and code:
            parts.append(QuotePart(_code_text(lines, code), current.language))
        code.clear()
        current = None

    for piece in pieces:
        at = _find_line(lines, piece, cursor)
        block = next((b for b in blocks if at is not None and b.first <= at <= b.last), None)
        if block is None or at is None:
            flush_code()
            prose.append(piece)
            continue
        if prose:
            parts.append(QuotePart(QUOTE_JOINER.join(prose)))
            prose.clear()
        if block != current:
            flush_code()
            current = block
        code.append(at)
        cursor = at + 1
    flush_code()
    if prose:
        parts.append(QuotePart(QUOTE_JOINER.join(prose)))
    return tuple(parts)


def _source_text(citation: Citation, passages: Iterable[Passage]) -> str:
    same_file = [p for p in passages if p.file == citation.file]
    exact = [p for p in same_file if tuple(p.section_path) == tuple(citation.section_path)]
    return "\n".join(p.text for p in exact or same_file)


def _fenced_blocks(lines: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    opened: tuple[int, str, str] | None = None  # (line index, fence mark, language)
    for i, line in enumerate(lines):
        match = _FENCE.match(line)
        if opened is None:
            if match:
                opened = (i, match["mark"], match["info"].lower())
        elif match and match["mark"].startswith(opened[1]) and not match["info"]:
            if i > opened[0] + 1:
                blocks.append(_Block(opened[0] + 1, i - 1, opened[2]))
            opened = None
    if opened is not None and opened[0] + 1 < len(lines):  # a passage cut inside a block
        blocks.append(_Block(opened[0] + 1, len(lines) - 1, opened[2]))
    return blocks


def _find_line(lines: list[str], piece: str, start: int) -> int | None:
    """The line holding the piece, searching from `start` first (the quote reads in
    document order), then from the top."""
    for begin, end in ((start, len(lines)), (0, start)):
        for i in range(begin, end):
            if lines[i].strip() == piece:
                return i
        for i in range(begin, end):
            if piece in lines[i]:
                return i
    return None


def _code_text(lines: list[str], quoted: list[int]) -> str:
    """The block's lines from the first quoted to the last, as written (lines between
    them give the quoted ones their context); only the quoted ones if that is long."""
    first, last = min(quoted), max(quoted)
    chosen = (range(first, last + 1) if last - first < MAX_CODE_LINES
              else sorted(set(quoted)))
    text = [lines[i] for i in chosen]
    indent = min((len(t) - len(t.lstrip()) for t in text if t.strip()), default=0)
    return "\n".join(t[indent:] for t in text).rstrip()
