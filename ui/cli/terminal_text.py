"""Markdown prose as rich renderables: the words and their emphasis, not the markers.

A paragraph becomes wrapped text, `**bold**` bold, a list item a bullet with a hanging
indent, a code block its lines, indented, and a link its text followed by the address.
Styles show on a terminal only; piped, what is left is plain readable text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

BULLET = "•"


def markdown_blocks(markdown: str) -> list[RenderableType]:
    """The blocks of `markdown`, in order, each followed by a blank line."""
    if not markdown.strip():
        return []
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = parser.parse(markdown)
    blocks: list[RenderableType] = []
    i = 0
    while i < len(tokens):
        block, i = _block(tokens, i)
        if block is not None:
            blocks.append(block)
    spaced: list[RenderableType] = []
    for block in blocks:
        spaced += [block, Text("")]
    return spaced[:-1] + [Text("")]


def _block(tokens: Sequence[Token], i: int) -> tuple[RenderableType | None, int]:
    """The block that starts at tokens[i], and the index after it."""
    token = tokens[i]
    if token.type in ("paragraph_open", "heading_open"):
        style = "bold" if token.type == "heading_open" else ""
        return _inline(tokens[i + 1], style), _after(tokens, i)
    if token.type in ("bullet_list_open", "ordered_list_open"):
        return _list(tokens, i), _after(tokens, i)
    if token.type in ("fence", "code_block"):
        code = Text(token.content.rstrip("\n"), style="green", no_wrap=True, overflow="ignore")
        return Padding(code, (0, 0, 0, 4)), i + 1
    if token.type == "blockquote_open":
        end = _after(tokens, i)
        inner = [b for b in _blocks(tokens[i + 1:end - 1]) if b is not None]
        return Padding(Group(*inner), (0, 0, 0, 2), style="dim"), end
    if token.type == "table_open":
        return _table(tokens, i), _after(tokens, i)
    return None, i + 1


def _blocks(tokens: Sequence[Token]) -> list[RenderableType | None]:
    found, i = [], 0
    while i < len(tokens):
        block, i = _block(tokens, i)
        found.append(block)
    return found


def _after(tokens: Sequence[Token], i: int) -> int:
    """The index after the closing token that matches tokens[i]."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j + 1
    return len(tokens)


def _list(tokens: Sequence[Token], i: int) -> Table:
    ordered = tokens[i].type == "ordered_list_open"
    start = int(tokens[i].attrs.get("start", 1) or 1) if ordered else 1
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    end, j, number = _after(tokens, i), i + 1, start
    while j < end - 1:
        if tokens[j].type == "list_item_open":
            item_end = _after(tokens, j)
            inner = [b for b in _blocks(tokens[j + 1:item_end - 1]) if b is not None]
            marker = f"{number}." if ordered else BULLET
            grid.add_row(marker, Group(*inner))
            number += 1
            j = item_end
        else:
            j += 1
    return grid


def _table(tokens: Sequence[Token], i: int) -> Table:
    from rich import box

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, header_style="bold")
    end, row, header = _after(tokens, i), [], True
    for token in tokens[i:end]:
        if token.type == "inline":
            row.append(_inline(token))
        elif token.type == "tr_close":
            if header:
                for cell in row:
                    table.add_column(cell)
                header = False
            else:
                table.add_row(*row)
            row = []
    return table


def _inline(token: Token, style: str = "") -> Text:
    text = Text(style=style)
    styles: list[str] = []
    links: list[tuple[str, int]] = []  # (address, where the link text starts)

    def add(content: str, extra: str = "") -> None:
        text.append(content, style=" ".join(s for s in (*styles, extra) if s) or None)

    for child in token.children or []:
        kind: Any = child.type
        if kind == "text":
            add(child.content)
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            add(child.content, "cyan")
        elif kind in ("strong_open", "em_open"):
            styles.append("bold" if kind == "strong_open" else "italic")
        elif kind in ("strong_close", "em_close") and styles:
            styles.pop()
        elif kind == "link_open":
            links.append((str(child.attrs.get("href", "")), len(text.plain)))
        elif kind == "link_close" and links:
            href, began = links.pop()
            if href and href != text.plain[began:]:
                add(f" ({href})", "dim")
        elif kind == "image":
            add(child.content)
    return text
