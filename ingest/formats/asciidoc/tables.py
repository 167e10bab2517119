"""AsciiDoc `|===` tables: cells by bar, with cell specifiers and column counts."""

from __future__ import annotations

import re
from collections.abc import Callable

from ...documents import Block, BlockKind

# A cell specifier before a bar: a span (`2+`, `.3+`), a repeat (`3*`), an alignment.
_CELL_SPEC = re.compile(r"\s(?:\d*(?:\.\d+)?[+*]|[<^>]?\.[<^>])[adehlmsv]?$")
_ROW_START = re.compile(r"(?:\d*(?:\.\d+)?[+*]|[<^>]?\.[<^>])?[adehlmsv]?\|")


def read_table(body: list[str], attributes: str, inline: Callable[[str], str]) -> Block | None:
    """The table between the `|===` lines, its cells read by `inline`; None if it has none."""
    cells_by_line: list[list[str]] = []
    for line in body:
        stripped = line.strip()
        if stripped and not _ROW_START.match(stripped) and cells_by_line:
            previous = next((c for c in reversed(cells_by_line) if c), None)
            if previous:  # a cell that goes on over several lines
                previous[-1] = f"{previous[-1]} {' '.join(stripped.split())}".strip()
            cells_by_line.append([])
        else:
            cells_by_line.append(_cells(line))
    columns = _column_count(attributes) or next((len(c) for c in cells_by_line if c), 0)
    if not columns:
        return None
    implicit_header = (len(body) > 1 and body[0].strip() and not body[1].strip()
                       and len(cells_by_line[0]) == columns)
    header_option = "header" in attributes
    cells = [inline(cell) for line in cells_by_line for cell in line]
    rows = [tuple(cells[i:i + columns]) for i in range(0, len(cells), columns)]
    header: tuple[str, ...] = ()
    if rows and (implicit_header or header_option):
        header, rows = rows[0], rows[1:]
    return Block(BlockKind.TABLE, header=header, rows=tuple(rows))


def _column_count(attributes: str) -> int:
    match = re.search(r'cols="?([^",\]]+(?:,[^",\]]+)*)"?', attributes)
    if not match:
        return 0
    spec = match[1]
    if spec.isdigit():
        return int(spec)
    total = 0
    for part in spec.split(","):
        repeat = re.match(r"(\d+)\*", part.strip())
        total += int(repeat[1]) if repeat else 1
    return total


def _cells(line: str) -> list[str]:
    """The cells a table line holds; `2+|`-style specifiers before a bar are dropped."""
    if "|" not in line:
        return []
    parts = re.split(r"(?<!\\)\|", line)
    cells = []
    for i, part in enumerate(parts[1:], start=1):
        text = part
        if i + 1 < len(parts):  # a specifier at the end belongs to the next cell
            text = _CELL_SPEC.sub("", text)
        cells.append(" ".join(text.replace("\\|", "|").split()))
    return cells
