"""Word documents (`.docx`) through python-docx: heading styles open sections, list
styles give list items, tables keep their header row and cells, and every other
paragraph is prose. Page headers, footers and comments are left out: they repeat on
every page or talk about the text, not in it."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from ..documents import Block, BlockKind, Outline
from ..errors import UnreadableDocument
from .sections import SectionBuilder

if TYPE_CHECKING:
    from docx.table import Table

_HEADING = re.compile(r"heading (\d)")


def read(data: bytes) -> Outline:
    from docx import Document
    from docx.table import Table

    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # a zip that is not a Word document fails in many ways
        raise UnreadableDocument(f"not a Word document ({type(exc).__name__})") from exc
    out = SectionBuilder()
    items: list[str] = []  # the list being read, one line per item

    def end_list() -> None:
        if items:
            out.blocks.append(Block(BlockKind.LIST, "\n".join(items)))
            items.clear()

    for part in document.iter_inner_content():  # paragraphs and tables, in order
        if isinstance(part, Table):
            end_list()
            out.blocks.append(_table(part))
            continue
        text = " ".join(part.text.split())
        if not text:
            continue
        style = (part.style.name if part.style is not None else "").lower()
        if "list" in style:
            items.append(f"{'1.' if 'number' in style else '-'} {text}")
            continue
        end_list()
        heading = _HEADING.fullmatch(style)
        if heading or style == "title":
            out.heading(text, int(heading[1]) if heading else 1)
        else:
            out.blocks.append(Block(BlockKind.PARAGRAPH, text))
    end_list()
    title = (document.core_properties.title or "").strip() or None
    return Outline(out.sections(), title=title)


def _table(table: Table) -> Block:
    rows = [tuple(" ".join(cell.text.split()) for cell in row.cells) for row in table.rows]
    header, body = (rows[0], rows[1:]) if rows else ((), [])
    return Block(BlockKind.TABLE, header=header, rows=tuple(body))
