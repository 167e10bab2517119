"""Split passages into the units an extractive answer quotes: sentences and list items.

Pure functions. Code blocks and headings are never quoted; table rows are kept apart
because the comparison table reads them as cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Passage

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(`*_\[])")
_EMPHASIS = re.compile(r"(\*\*|__|`)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


@dataclass(frozen=True)
class Unit:
    text: str  # plain text, Markdown emphasis and link targets removed
    passage: int  # index of its passage
    section_path: tuple[str, ...]  # the deepest heading it sits under
    is_bullet: bool


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
            for piece in pieces:
                if len(piece.split()) >= (3 if bullet else 4):
                    units.append(Unit(plain(piece), index, path, bullet))

        def flush_table() -> None:
            rows = [tuple(plain(c) for c in row.strip().strip("|").split("|")) for row in table]
            table.clear()
            body = [r for r in rows[1:] if not all(set(c.strip()) <= set(":- ") for c in r)]
            if rows and body:
                tables.append(Table(rows[0], tuple(body), index, path))

        for line in passage.text.splitlines():
            stripped = line.strip()
            if stripped.startswith(("```", "~~~")):
                in_code = not in_code
                flush_paragraph()
                continue
            if in_code:
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
