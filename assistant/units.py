"""Split passages into the units an extractive answer quotes.

Pure functions. Prose gives sentences and list items. Tables are kept whole for the
comparison table and also give one unit per row. Code gives only the lines that state
a value (`throughput: 125 MB/s`), since documents often keep their figures there.
Headings are never quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from .models import Passage

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(`*_\[])")
# A code line worth quoting states a value with a number: `cost_per_tib_month: 290`.
_VALUE_LINE = re.compile(r"^[\w\"'#/ -]{3,}[:=]\s*.*\d|^#\s+\w+.*\d")
_EMPHASIS = re.compile(r"(\*\*|__|`)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


class Kind(StrEnum):
    SENTENCE = "sentence"
    BULLET = "bullet"
    ROW = "row"  # a table row, read as "column: value" pairs
    CODE = "code"  # one line of a code block that states a value


@dataclass(frozen=True)
class Unit:
    text: str  # plain text, Markdown emphasis and link targets removed
    passage: int  # index of its passage
    section_path: tuple[str, ...]  # the deepest heading it sits under
    kind: Kind = Kind.SENTENCE


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    passage: int
    section_path: tuple[str, ...]


def plain(text: str) -> str:
    return _EMPHASIS.sub("", _LINK.sub(r"\1", text)).strip()


def split_units(passages: list[Passage]) -> tuple[list[Unit], list[Table]]:
    units: list[Unit] = []
    tables: list[Table] = []
    for index, passage in enumerate(passages):
        path = passage.section_path
        in_code = False
        paragraph: list[str] = []  # lines of a paragraph or of one list item
        bullet = False
        table: list[str] = []

        def flush_paragraph() -> None:
            text = " ".join(line.strip() for line in paragraph)
            paragraph.clear()
            # A list item is one thought; a paragraph is quoted sentence by sentence.
            pieces = [text] if bullet and len(text.split()) <= 60 else _SENTENCE_END.split(text)
            kind = Kind.BULLET if bullet else Kind.SENTENCE
            for piece in pieces:
                if len(piece.split()) >= (3 if bullet else 4):
                    units.append(Unit(plain(piece), index, path, kind))

        def flush_table() -> None:
            rows = [tuple(plain(c) for c in row.strip().strip("|").split("|")) for row in table]
            table.clear()
            body = [r for r in rows[1:] if not all(set(c.strip()) <= set(":- ") for c in r)]
            if rows and body:
                tables.append(Table(rows[0], tuple(body), index, path))
                for row in body:
                    pairs = [f"{h.strip()}: {c.strip()}" if h.strip() else c.strip()
                             for h, c in zip(rows[0], row, strict=False) if c.strip()]
                    units.append(Unit("; ".join(pairs), index, path, Kind.ROW))

        for line in passage.text.splitlines():
            stripped = line.strip()
            if stripped.startswith(("```", "~~~")):
                in_code = not in_code
                flush_paragraph()
                continue
            if in_code:
                if _VALUE_LINE.search(stripped):
                    units.append(Unit(stripped, index, path, Kind.CODE))
                continue
            if stripped.startswith("|"):
                flush_paragraph()
                table.append(stripped)
                continue
            if table:
                flush_table()
            heading = _HEADING.match(stripped)
            if heading:
                flush_paragraph()
                title = plain(heading.group(2))
                base = passage.section_path
                path = base if title == base[-1] else (*base, title)
            elif not stripped:
                flush_paragraph()
            elif _BULLET.match(line):
                flush_paragraph()
                bullet = True
                paragraph.append(_BULLET.sub("", line))
            else:
                if not paragraph:
                    bullet = False
                paragraph.append(stripped)
        flush_paragraph()
        if table:
            flush_table()
    return units, tables
