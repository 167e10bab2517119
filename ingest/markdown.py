"""Where the headings and blocks of a Markdown text lie, found with a real parser.

Loaded files carry these spans from rendering their canonical text; this reads a
Markdown text as it stands (a Document made by hand, or a canonical text read back).
A `#` line inside a fenced code block is code, not a heading; markdown-it knows that,
a regular expression does not.
"""

from __future__ import annotations

from itertools import accumulate
from typing import TYPE_CHECKING

from .documents import BlockKind, BlockSpan, SectionSpan

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


# The located types of every format; the old names stay for readers of Markdown text.
Block = BlockSpan
Section = SectionSpan

_OPENERS: dict[str, BlockKind] = {
    "paragraph_open": BlockKind.PARAGRAPH,
    "bullet_list_open": BlockKind.LIST,
    "ordered_list_open": BlockKind.LIST,
    "table_open": BlockKind.TABLE,
    "fence": BlockKind.CODE,
    "code_block": BlockKind.CODE,
    "blockquote_open": BlockKind.QUOTE,
    "html_block": BlockKind.OTHER,
    "hr": BlockKind.OTHER,
}


def _parser() -> MarkdownIt:
    # Imported on first parse: answering a question reads chunks, it never parses Markdown.
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def _line_offsets(text: str) -> list[int]:
    """offsets[i] is where line i starts; one extra entry for the end of the text."""
    lines = text.splitlines(keepends=True)
    return [0, *accumulate(len(line) for line in lines)]


def parse_sections(text: str) -> list[Section]:
    """Split a Markdown document into sections, each with its heading path and blocks."""
    tokens = _parser().parse(text)
    offsets = _line_offsets(text)

    def span(line_map: list[int]) -> tuple[int, int]:
        first, last = line_map
        return offsets[min(first, len(offsets) - 1)], offsets[min(last, len(offsets) - 1)]

    stack: list[tuple[int, str]] = []  # (level, heading text)
    sections: list[Section] = []
    current_path: tuple[str, ...] = ()
    current_level = 0
    current_start = 0
    blocks: list[Block] = []

    def close(end: int) -> None:
        if blocks or current_path:
            sections.append(Section(current_path, current_level, current_start, end, tuple(blocks)))

    for i, token in enumerate(tokens):
        if token.level != 0 or token.map is None:
            continue
        start, end = span(token.map)
        if token.type == "heading_open":
            close(start)
            level = int(token.tag[1])
            heading = _inline_text(tokens[i + 1].content)
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, heading))
            current_path = tuple(h for _, h in stack)
            current_level = level
            current_start = start
            blocks = []
        elif token.type in _OPENERS:
            blocks.append(Block(_OPENERS[token.type], start, _trim_end(text, start, end)))
    close(len(text))
    return [s for s in sections if s.blocks or s.path]


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in "\r\n \t":
        end -= 1
    return end


def _inline_text(content: str) -> str:
    """Heading text without emphasis markers or backticks, as a reader sees it."""
    return content.replace("`", "").replace("**", "").replace("__", "").strip()


def first_heading(sections: list[Section]) -> str | None:
    """The document title: its first H1, if it has one."""
    return next((s.title for s in sections if s.level == 1), None)
