"""Structure-aware chunking: pure functions from a Document to Chunks.

Every chunk keeps its heading path and exact source span. Tables, lists and code
blocks stay whole with their heading; only a block that alone exceeds the limit is
split, at row or line boundaries, and a split table repeats its header rows. Every
embedded text (heading prefix included) fits the model's word-piece limit, measured
with the model's own tokenizer.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from .documents import Document, Format
from .markdown import Block, BlockKind, Section, first_heading, parse_sections
from .parts import decision_part

TokenCounter = Callable[[str], int]

# Sections shorter than this are merged with their next sibling rather than left as fragments.
MIN_SECTION_TOKENS = 40

_HEADING_LINE = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")


@dataclass(frozen=True)
class Chunk:
    id: str
    file: str
    chapter: str
    section_path: tuple[str, ...]
    start: int  # span of the chunk in the document text
    end: int
    text: str  # what a reader sees; a split table carries its header again
    embed_text: str  # heading path + text: what the model embeds
    part: str | None
    page: int | None
    position: int  # order within the file

    def metadata(self) -> dict[str, str | int]:
        """Flat metadata, as vector stores accept it."""
        return {
            "file": self.file,
            "chapter": self.chapter,
            "section_path": "\x1f".join(self.section_path),
            "start": self.start,
            "end": self.end,
            "part": self.part or "",
            "page": self.page or 0,
            "position": self.position,
        }


@dataclass(frozen=True)
class _Piece:
    """A run of source text that must not be cut further (unless it alone is too big)."""

    start: int
    end: int
    text: str


def chunk_document(doc: Document, count_tokens: TokenCounter, chunk_tokens: int = 200,
                   max_tokens: int = 256) -> list[Chunk]:
    """Chunk a document by its structure; every chunk's embed_text fits `max_tokens`."""
    if doc.format is Format.MARKDOWN:
        sections = parse_sections(doc.text)
        chapter = first_heading(sections) or doc.title or _file_title(doc.file)
    else:
        chapter = doc.title or _file_title(doc.file)
        sections = _plain_sections(doc, chapter)
    budget = min(chunk_tokens, max_tokens)
    drafts = _merge_small(sections, doc.text, count_tokens)
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for path, pieces in drafts:
        path = path or (chapter,)  # text before any heading belongs to the chapter
        for start, end, text in _pack(pieces, doc.text, _prefix(path), count_tokens, budget,
                                      max_tokens):
            embed_text = f"{_prefix(path)}\n{text}"
            base = _chunk_id(doc.file, path, text)
            seen[base] = seen.get(base, 0) + 1
            chunk_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
            chunks.append(Chunk(chunk_id, doc.file, chapter, path, start, end, text, embed_text,
                                decision_part(path), _page_at(doc, start), len(chunks)))
    return chunks


def _prefix(path: tuple[str, ...]) -> str:
    return " > ".join(path)


def _file_title(file: str) -> str:
    return PurePosixPath(file).stem.replace("-", " ").replace("_", " ").strip() or file


def _chunk_id(file: str, path: tuple[str, ...], text: str) -> str:
    digest = hashlib.sha256("\x1e".join([file, *path, text]).encode()).hexdigest()
    return digest[:24]


def _page_at(doc: Document, offset: int) -> int | None:
    return next((p.number for p in doc.pages if p.start <= offset < p.end), None)


def _plain_sections(doc: Document, chapter: str) -> list[Section]:
    """Text and PDF have no headings: paragraphs are the blocks, and pages bound sections."""
    bounds = [(p.start, p.end) for p in doc.pages] or [(0, len(doc.text))]
    sections = []
    for start, end in bounds:
        blocks = tuple(Block(BlockKind.PARAGRAPH, m.start() + start, m.end() + start)
                       for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", doc.text[start:end]))
        if blocks:
            sections.append(Section((chapter,), 1, start, end, blocks))
    return sections


def _section_pieces(section: Section, text: str) -> list[_Piece]:
    """The section's heading line and blocks; the heading travels with the first block."""
    pieces = [_Piece(b.start, b.end, text[b.start:b.end]) for b in section.blocks]
    if pieces and section.level > 0:
        first = pieces[0]
        pieces[0] = _Piece(section.start, first.end, text[section.start:first.end])
    return pieces


def _merge_small(sections: list[Section], text: str,
                 count_tokens: TokenCounter) -> list[tuple[tuple[str, ...], list[_Piece]]]:
    """Pair each section with its pieces, merging tiny sections into their next sibling.

    A merged draft is filed under the siblings' common parent, since it covers several.
    """
    drafts: list[tuple[tuple[str, ...], list[_Piece]]] = []
    pending: tuple[Section, list[_Piece]] | None = None
    for section in sections:
        pieces = _section_pieces(section, text)
        if not pieces:
            continue  # a heading with no body of its own: its children carry it in their path
        if pending is not None:
            prev, prev_pieces = pending
            pending = None
            if prev.path[:-1] == section.path[:-1] and prev.level == section.level:
                section = Section(section.path[:-1] or section.path, section.level, prev.start,
                                  section.end, ())
                pieces = prev_pieces + pieces
            else:
                drafts.append((prev.path, prev_pieces))
        small = count_tokens(text[pieces[0].start:pieces[-1].end]) < MIN_SECTION_TOKENS
        if small and section.level > 1:
            pending = (section, pieces)
        else:
            drafts.append((section.path, pieces))
    if pending is not None:
        drafts.append((pending[0].path, pending[1]))
    return drafts


def _pack(pieces: list[_Piece], source: str, prefix: str, count_tokens: TokenCounter,
          budget: int, max_tokens: int) -> Iterator[tuple[int, int, str]]:
    """Greedily pack whole pieces into chunks of at most `budget` tokens with the prefix."""
    # Token counts of pieces each include [CLS]/[SEP], so their sum over-estimates the
    # joined text: packing by the sum keeps every chunk within the limit.
    room = max(min(budget, max_tokens) - count_tokens(prefix + "\n"), 16)
    group: list[_Piece] = []
    size = 0
    for piece in _split_oversized(pieces, count_tokens, room):
        n = count_tokens(piece.text)
        if group and size + n > room:
            yield _joined(group, source)
            group, size = [], 0
        group.append(piece)
        size += n
    if group:
        yield _joined(group, source)


def _joined(group: list[_Piece], source: str) -> tuple[int, int, str]:
    # Keep the source's own blank lines between pieces, so an unsplit chunk is its span.
    text = group[0].text
    for prev, piece in zip(group, group[1:], strict=False):
        gap = source[prev.end:piece.start]
        text += (gap if gap and not gap.strip() else "\n\n") + piece.text
    return group[0].start, group[-1].end, text


def _split_oversized(pieces: list[_Piece], count_tokens: TokenCounter,
                     room: int) -> Iterator[_Piece]:
    for piece in pieces:
        if count_tokens(piece.text) <= room:
            yield piece
        else:
            yield from _split_lines(piece, count_tokens, room)


def _split_lines(piece: _Piece, count_tokens: TokenCounter, room: int) -> Iterator[_Piece]:
    """Split at line boundaries; a table repeats its header, a fence its opening line.

    A section heading at the start of the piece stays with the first part, and the
    block's own header is looked for after it.
    """
    lines = piece.text.splitlines(keepends=True)
    lead = 0
    if lines and _HEADING_LINE.match(lines[0]):
        lead = 1
        while lead < len(lines) and not lines[lead].strip():
            lead += 1
    block = lines[lead:]
    header: list[str] = []
    if (len(block) > 2 and block[0].lstrip().startswith("|")
            and set(block[1].strip()) <= set("|:- ")):
        header = block[:2]
    elif block and block[0].lstrip().startswith(("```", "~~~")):
        header = block[:1]
    head_text = "".join(header)
    first = "".join(lines[:lead]) + head_text  # what the first part starts with
    offset = piece.start + len(first)
    group: list[str] = []
    group_start = piece.start
    for line in block[len(header):]:
        for part in _split_words(line, count_tokens, room - count_tokens(first)):
            candidate = first + "".join(group) + part
            if group and count_tokens(candidate) > room:
                yield _Piece(group_start, offset, (first + "".join(group)).rstrip())
                group, group_start, first = [], offset, head_text
            group.append(part)
            offset += len(part)
    if group:
        yield _Piece(group_start, min(offset, piece.end), (first + "".join(group)).rstrip())


def _split_words(line: str, count_tokens: TokenCounter, room: int) -> Iterator[str]:
    """A single line longer than the room (a huge paragraph) is cut between words."""
    if count_tokens(line) <= room:
        yield line
        return
    words = re.split(r"(?<=\s)", line)
    current = ""
    for word in words:
        if current and count_tokens(current + word) > room:
            yield current
            current = ""
        current += word
    if current:
        yield current
