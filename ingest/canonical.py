"""The canonical Markdown of an Outline: the one text chunks, citations and the chapter
view share, whatever format the file came in.

Tables come out with trimmed cells, code in fences with their language, and each
section under an ATX heading of its level. Offsets are recorded while rendering, so
nothing is parsed twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from .documents import Block, BlockKind, BlockSpan, Outline, Page, SectionSpan

TITLE_CHARS = 120  # a heading longer than this is cut: it is repeated in every chunk


@dataclass(frozen=True)
class Rendered:
    text: str
    sections: tuple[SectionSpan, ...]
    pages: tuple[Page, ...]


def render(outline: Outline) -> Rendered:
    """Render the outline as Markdown, with the span of every section and block."""
    parts: list[str] = []
    offset = 0
    spans: list[SectionSpan] = []
    stack: list[tuple[int, str]] = []  # (level, heading) of the open headings

    def put(text: str) -> tuple[int, int]:
        nonlocal offset
        if parts:
            parts.append("\n\n")
            offset += 2
        parts.append(text)
        start, offset = offset, offset + len(text)
        return start, offset

    for section in outline.sections:
        blocks = [(b.kind, render_block(b)) for b in section.blocks]
        blocks = [(kind, text) for kind, text in blocks if text.strip()]
        title = short_title(section.title)
        if section.level > 0 and title:
            while stack and stack[-1][0] >= section.level:
                stack.pop()
            stack.append((section.level, title))
        path = tuple(h for _, h in stack)
        if not blocks and not (section.level > 0 and title):
            continue
        start = None
        if section.level > 0 and title:
            start, _ = put(f"{'#' * min(section.level, 6)} {title}")
        located = []
        for kind, text in blocks:
            b_start, b_end = put(text)
            located.append(BlockSpan(kind, b_start, b_end))
        if start is None:
            start = located[0].start
        level = section.level if title else 0
        spans.append(SectionSpan(path, level, start, offset, tuple(located), section.page))
    text = "".join(parts) + ("\n" if parts else "")
    return Rendered(text, tuple(spans), _pages(spans))


def _pages(spans: list[SectionSpan]) -> tuple[Page, ...]:
    pages: list[Page] = []
    for span in spans:
        if span.page is None:
            continue
        if pages and pages[-1].number == span.page:
            pages[-1] = Page(span.page, pages[-1].start, span.end)
        else:
            pages.append(Page(span.page, span.start, span.end))
    return tuple(pages)


def short_title(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS - 1].rstrip() + "…"


def render_block(block: Block) -> str:
    if block.kind is BlockKind.TABLE:
        return render_table(block.header, block.rows)
    if block.kind is BlockKind.CODE:
        body = block.text.strip("\n")
        if not body.strip():
            return ""
        fence = "```"
        while fence in body:
            fence += "`"
        return f"{fence}{block.language}\n{body}\n{fence}"
    return "\n".join(line.rstrip() for line in block.text.strip("\n").splitlines()).strip("\n")


def render_table(header: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> str:
    """A pipe table; a table without a header row uses its first row as the header."""
    rows = tuple(r for r in rows if any(c.strip() for c in r))
    if not any(c.strip() for c in header):
        if not rows:
            return ""
        header, rows = rows[0], rows[1:]
    width = max(len(header), *(len(r) for r in rows)) if rows else len(header)

    def line(cells: tuple[str, ...]) -> str:
        cells = tuple(cells) + ("",) * (width - len(cells))
        return "| " + " | ".join(_cell(c) for c in cells) + " |"

    return "\n".join([line(header), "|" + "---|" * width, *(line(r) for r in rows)])


def _cell(text: str) -> str:
    # A pipe or a line break would end the cell or the row in the rendered Markdown.
    return " ".join(text.split()).replace("\\|", "|").replace("|", "\\|")
