"""AsciiDoc, read structurally: section titles, paragraphs, lists, `|===` tables,
listing/literal blocks, quotes and admonitions.

No maintained Python parser fits: asciidoc-py converts to HTML only with external
highlighters (a `[source]` block comes out empty without them), reads the document
title only into its page header and renders admonitions as layout tables; Asciidoctor
is Ruby. The line structure of AsciiDoc is regular enough to read directly.
`include::` is never followed: a document cannot pull in files from elsewhere.
"""

from __future__ import annotations

import re

from ..documents import Block, BlockKind, Outline, Section
from .sections import SectionBuilder
from .text import decode

_TITLE = re.compile(r"(={1,6}|#{1,6})\s+(\S.*?)\s*(?:\1)?\s*$")
_ATTRIBUTE_ENTRY = re.compile(r":!?[\w-]+!?:(?:\s.*)?$")
_BLOCK_ATTRIBUTES = re.compile(r"\[\[?[^\[\]]*\]\]?$")  # [source,yaml], [[anchor]]
_BLOCK_TITLE = re.compile(r"\.([^.\s].*)$")
_ADMONITION = re.compile(r"(NOTE|TIP|IMPORTANT|WARNING|CAUTION):\s+(.*)$")
_LIST_ITEM = re.compile(r"(\*{1,5}|-|\.{1,5}|\d+\.)\s+(.*)$")
_DESCRIPTION = re.compile(r"(.+?)(:{2,4}|;;)(?:\s+(.*))?$")
_DELIMITERS = {"----": "listing", "....": "literal", "====": "example", "****": "sidebar",
               "____": "quote", "++++": "pass", "////": "comment", "--": "open"}
_MACRO = re.compile(r"(include|image|toc|video|audio)::.*\[.*\]$")
# A cell specifier before a bar: a span (`2+`, `.3+`), a repeat (`3*`), an alignment.
_CELL_SPEC = re.compile(r"\s(?:\d*(?:\.\d+)?[+*]|[<^>]?\.[<^>])[adehlmsv]?$")
_ROW_START = re.compile(r"(?:\d*(?:\.\d+)?[+*]|[<^>]?\.[<^>])?[adehlmsv]?\|")


def read(data: bytes) -> Outline:
    reader = _Reader(decode(data).splitlines())
    reader.read()
    return Outline(reader.sections(), title=reader.doc_title or None)


def _delimiter(line: str) -> str | None:
    stripped = line.rstrip()
    if stripped == "--":
        return "--"
    if len(stripped) >= 4 and stripped[:4] in _DELIMITERS and set(stripped) == {stripped[0]}:
        return stripped
    return None


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.i = 0
        self.doc_title = ""
        self._out = SectionBuilder()
        self._attributes = ""  # the `[...]` line before the next block

    def sections(self) -> tuple[Section, ...]:
        return self._out.sections()

    def _add(self, kind: BlockKind, text: str, language: str = "") -> None:
        if text.strip():
            self._out.blocks.append(Block(kind, text.strip("\n"), language=language))

    def read(self) -> None:
        while self.i < len(self.lines):
            line = self.lines[self.i].rstrip()
            self.i += 1
            if not line or line.startswith("//") and not line.startswith("////"):
                continue
            delimiter = _delimiter(line)
            if delimiter:
                self._delimited(delimiter)
            elif line.startswith("|==="):
                self._table()
            elif title := _TITLE.match(line):
                self._heading(len(title[1]), title[2])
            elif _ATTRIBUTE_ENTRY.match(line) or _MACRO.match(line):
                continue
            elif _BLOCK_ATTRIBUTES.match(line):
                self._attributes = line[1:-1]
                continue
            elif (block_title := _BLOCK_TITLE.match(line)) and not _LIST_ITEM.match(line):
                self._add(BlockKind.PARAGRAPH, f"**{block_title[1].strip()}**")
                continue
            elif _LIST_ITEM.match(line) or _DESCRIPTION.match(line) and not line.startswith(" "):
                self._list(line)
            elif line.startswith((" ", "\t")):
                self._add(BlockKind.CODE, "\n".join(self._paragraph_lines(line, dedent=True)))
            else:
                self._paragraph(line)
            self._attributes = ""

    def _heading(self, level: int, title: str) -> None:
        title = " ".join(title.split())
        if level == 1 and not self.doc_title:
            self.doc_title = title
        self._out.heading(title, level)

    def _paragraph_lines(self, first: str, dedent: bool = False) -> list[str]:
        lines = [first]
        while self.i < len(self.lines) and self.lines[self.i].strip():
            lines.append(self.lines[self.i].rstrip())
            self.i += 1
        if dedent:
            indent = min(len(x) - len(x.lstrip()) for x in lines)
            lines = [x[indent:] for x in lines]
        return lines

    def _paragraph(self, first: str) -> None:
        text = " ".join(" ".join(x.split()) for x in self._paragraph_lines(first))
        admonition = _ADMONITION.match(text)
        kind = self._attributes.split(",")[0].strip()
        if admonition:
            text = f"**{admonition[1].capitalize()}:** {admonition[2]}"
        elif kind in ("NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"):
            text = f"**{kind.capitalize()}:** {text}"
        self._add(BlockKind.PARAGRAPH, text)

    def _list(self, first: str) -> None:
        items: list[str] = []
        line = first
        while True:
            if item := _LIST_ITEM.match(line):
                marker, text = item[1], item[2]
                depth = len(marker) - 1 if marker[0] in "*." else 0
                bullet = "1." if marker[0] == "." or marker[0].isdigit() else "-"
                items.append(f"{'  ' * depth}{bullet} {' '.join(text.split())}")
            elif (term := _DESCRIPTION.match(line)) and not line.startswith(" "):
                items.append(f"- **{term[1].strip()}** {' '.join((term[3] or '').split())}"
                             .rstrip())
            elif line == "+" or not line.strip():
                pass
            elif items:
                items[-1] += " " + " ".join(line.split())  # a continuation line
            if self.i >= len(self.lines):
                break
            line = self.lines[self.i].rstrip()
            blank_then_item = (not line and self.i + 1 < len(self.lines)
                               and _LIST_ITEM.match(self.lines[self.i + 1].rstrip()))
            if not line and not blank_then_item or _delimiter(line) or _TITLE.match(line):
                break
            self.i += 1
        self._add(BlockKind.LIST, "\n".join(items))

    def _body(self, delimiter: str) -> list[str]:
        body: list[str] = []
        while self.i < len(self.lines) and self.lines[self.i].rstrip() != delimiter:
            body.append(self.lines[self.i])
            self.i += 1
        self.i += 1  # the closing delimiter
        return body

    def _delimited(self, delimiter: str) -> None:
        kind = _DELIMITERS.get(delimiter[:4]) or _DELIMITERS.get(delimiter)
        attributes = [a.strip() for a in self._attributes.split(",")] if self._attributes else []
        body = self._body(delimiter)
        if kind in ("listing", "literal"):
            language = attributes[1] if len(attributes) > 1 and attributes[0] == "source" else ""
            self._add(BlockKind.CODE, "\n".join(body), language)
        elif kind == "quote":
            self._add(BlockKind.QUOTE, "\n".join(f"> {' '.join(x.split())}" for x in body
                                                 if x.strip()))
        elif kind == "pass":
            from .html import fragment_text

            self._add(BlockKind.PARAGRAPH, fragment_text("\n".join(body)))
        elif kind in ("example", "sidebar", "open"):
            # Read the inside as ordinary content; an admonition block gets its label.
            label = attributes[0] if attributes else ""
            start = len(self._out.blocks)
            inner = _Reader(body)
            inner.read()
            for section in inner.sections():
                self._out.blocks.extend(section.blocks)
            if label in ("NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"):
                self._out.lead(start, f"**{label.capitalize()}:**")
        # comment blocks carry no text

    def _table(self) -> None:
        attributes = self._attributes
        body = self._body("|===")
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
            return
        implicit_header = (len(body) > 1 and body[0].strip() and not body[1].strip()
                           and len(cells_by_line[0]) == columns)
        header_option = "header" in attributes
        cells = [cell for line in cells_by_line for cell in line]
        rows = [tuple(cells[i:i + columns]) for i in range(0, len(cells), columns)]
        header: tuple[str, ...] = ()
        if rows and (implicit_header or header_option):
            header, rows = rows[0], rows[1:]
        self._out.blocks.append(Block(BlockKind.TABLE, header=header, rows=tuple(rows)))


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
