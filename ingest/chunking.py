"""Structure-aware chunking: pure functions from a Document to Chunks.

Every chunk keeps its heading path and exact span in the document text. Tables, lists
and code blocks stay whole with their heading; only a block that alone exceeds the
limit is split, at row or line boundaries (then between words, then inside a word that
has no spaces), and a split table repeats its header rows. Every embedded text
(heading prefix included) fits the model's word-piece limit, measured with the model's
own tokenizer, and a character cap. Each run of text is counted once and the counts
are summed, so chunking time grows linearly with the document.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from .documents import BlockKind, BlockSpan, Document, Format, SectionSpan
from .markdown import first_heading, parse_sections
from .parts import decision_part

TokenCounter = Callable[[str], int]

# Sections shorter than this are merged with their next sibling rather than left as fragments.
MIN_SECTION_TOKENS = 40
MAX_CHARS = 2000  # default cap on a chunk's embedded text, in characters
_MIN_ROOM = 16

_HEADING_LINE = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_FENCE_LINE = re.compile(r" {0,3}(```|~~~)")
_WORD_END = re.compile(r"(?<=\s)(?=\S)")


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
    kind: BlockKind = BlockKind.PARAGRAPH
    continued: bool = False  # a later part of a split block: it starts a chunk of its own


@dataclass(frozen=True)
class _Limits:
    tokens: int  # word pieces left for the text once the heading prefix is counted
    chars: int  # characters left likewise


def chunk_document(doc: Document, count_tokens: TokenCounter, chunk_tokens: int = 200,
                   max_tokens: int = 256, max_chars: int = MAX_CHARS) -> list[Chunk]:
    """Chunk a document by its structure; every chunk's embed_text fits `max_tokens`
    word pieces and `max_chars` characters."""
    sections = list(doc.sections) or _sections_of_text(doc)
    chapter = first_heading(sections) or doc.title or _file_title(doc.file)
    budget = min(chunk_tokens, max_tokens)
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for path, pieces, page in _merge_small(sections, doc.text, count_tokens):
        path = path or (chapter,)  # text before any heading belongs to the chapter
        prefix = _prefix(path)
        limits = _Limits(max(budget - count_tokens(prefix + "\n"), _MIN_ROOM),
                         max(max_chars - len(prefix) - 1, _MIN_ROOM))
        for packed in _pack(pieces, doc.text, count_tokens, limits):
            for start, end, text in _fit(*packed, prefix, count_tokens, max_tokens, max_chars):
                if not _has_words(text):
                    continue  # a run of rules, braces or blank lines tells a reader nothing
                base = _chunk_id(doc.file, path, text)
                seen[base] = seen.get(base, 0) + 1
                chunk_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
                chunks.append(Chunk(chunk_id, doc.file, chapter, path, start, end, text,
                                    f"{prefix}\n{text}", decision_part(path),
                                    page or _page_at(doc, start), len(chunks)))
    return chunks


def _sections_of_text(doc: Document) -> list[SectionSpan]:
    """A Document made by hand carries no spans: read its text where it stands."""
    if doc.format is Format.MARKDOWN:
        return parse_sections(doc.text)
    sections = []
    for start, end in [(p.start, p.end) for p in doc.pages] or [(0, len(doc.text))]:
        blocks = tuple(BlockSpan(BlockKind.PARAGRAPH, m.start() + start, m.end() + start)
                       for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", doc.text[start:end]))
        if blocks:
            sections.append(SectionSpan((), 0, start, end, blocks))
    return sections


def _prefix(path: tuple[str, ...]) -> str:
    return " > ".join(path)


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _file_title(file: str) -> str:
    return PurePosixPath(file).stem.replace("-", " ").replace("_", " ").strip() or file


def _chunk_id(file: str, path: tuple[str, ...], text: str) -> str:
    # surrogatepass: a hand-made Document may carry a lone surrogate; ids never fail.
    digest = hashlib.sha256("\x1e".join([file, *path, text]).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:24]


def _page_at(doc: Document, offset: int) -> int | None:
    return next((p.number for p in doc.pages if p.start <= offset < p.end), None)


def _section_pieces(section: SectionSpan, text: str) -> list[_Piece]:
    """The section's heading line and blocks; the heading travels with the first block."""
    pieces = [_Piece(b.start, b.end, text[b.start:b.end], b.kind) for b in section.blocks
              if _has_words(text[b.start:b.end])]
    if pieces and section.level > 0:
        first = pieces[0]
        pieces[0] = _Piece(section.start, first.end, text[section.start:first.end], first.kind)
    return pieces


def _merge_small(sections: list[SectionSpan], text: str, count_tokens: TokenCounter
                 ) -> list[tuple[tuple[str, ...], list[_Piece], int | None]]:
    """Pair each section with its pieces, merging tiny sections into their next sibling.

    A merged draft is filed under the siblings' common parent, since it covers several.
    """
    drafts: list[tuple[tuple[str, ...], list[_Piece], int | None]] = []
    pending: tuple[SectionSpan, list[_Piece]] | None = None
    for section in sections:
        pieces = _section_pieces(section, text)
        if not pieces:
            continue  # a heading with no body of its own: its children carry it in their path
        if pending is not None:
            prev, prev_pieces = pending
            pending = None
            if prev.path[:-1] == section.path[:-1] and prev.level == section.level:
                section = SectionSpan(section.path[:-1] or section.path, section.level,
                                      prev.start, section.end, (), section.page)
                pieces = prev_pieces + pieces
            else:
                drafts.append((prev.path, prev_pieces, prev.page))
        small = (pieces[-1].end - pieces[0].start < MIN_SECTION_TOKENS * 20
                 and count_tokens(text[pieces[0].start:pieces[-1].end]) < MIN_SECTION_TOKENS)
        if small and section.level > 1:
            pending = (section, pieces)
        else:
            drafts.append((section.path, pieces, section.page))
    if pending is not None:
        drafts.append((pending[0].path, pending[1], pending[0].page))
    return drafts


def _pack(pieces: list[_Piece], source: str, count_tokens: TokenCounter,
          limits: _Limits) -> Iterator[tuple[int, int, str]]:
    """Greedily pack whole pieces into chunks within the limits."""
    # Token counts of pieces each include [CLS]/[SEP], so their sum over-estimates the
    # joined text: packing by the sum keeps every chunk within the limit.
    group: list[_Piece] = []
    size = chars = 0
    for piece, n in _split_oversized(pieces, count_tokens, limits):
        if group and (piece.continued or size + n > limits.tokens
                      or chars + 2 + len(piece.text) > limits.chars):
            yield _joined(group, source)
            group, size, chars = [], 0, 0
        group.append(piece)
        size += n
        chars += len(piece.text) + (2 if len(group) > 1 else 0)
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
                     limits: _Limits) -> Iterator[tuple[_Piece, int]]:
    for piece in pieces:
        n = count_tokens(piece.text) if len(piece.text) <= limits.chars else None
        if n is not None and n <= limits.tokens:
            yield piece, n
        else:
            yield from _split_lines(piece, count_tokens, limits)


def _block_header(piece: _Piece, block: list[str]) -> list[str]:
    """The lines a part of a split block repeats: a table's header, a fence's opening."""
    if (len(block) > 2 and block[0].lstrip().startswith("|")
            and set(block[1].strip()) <= set("|:- ")):
        return block[:2]
    if piece.kind in (BlockKind.CODE, BlockKind.OTHER) and block and _FENCE_LINE.match(block[0]):
        return block[:1]
    return []


def _split_lines(piece: _Piece, count_tokens: TokenCounter,
                 limits: _Limits) -> Iterator[tuple[_Piece, int]]:
    """Split at line boundaries; a table repeats its header, a fence its opening line.

    A section heading at the start of the piece stays with the first part, and the
    block's own header is looked for after it. Counts are per line, summed, and the
    parts are sized evenly, so the last one is not a scrap.
    """
    lines = piece.text.splitlines(keepends=True)
    lead = 0
    if lines and _HEADING_LINE.match(lines[0]):
        lead = 1
        while lead < len(lines) and not lines[lead].strip():
            lead += 1
    block = lines[lead:]
    header = _block_header(piece, block)
    head_text = "".join(header)
    head_n = _pieces(count_tokens, head_text) if len(head_text) <= limits.chars else limits.tokens
    if head_n > limits.tokens // 2 or len(head_text) > limits.chars // 2:
        # A header that fills most of a chunk (a table of hundreds of columns) would leave
        # no room for rows: the parts go without it.
        header, head_text, head_n = [], "", 0
    first = "".join(lines[:lead]) + head_text  # what the first part starts with
    first_n = _pieces(count_tokens, first)
    line_room = _Limits(max(limits.tokens - 2 - max(first_n, head_n), _MIN_ROOM // 2),
                        max(limits.chars - max(len(first), len(head_text)), _MIN_ROOM // 2))
    parts = [p for line in block[len(header):] for p in _split_words(line, count_tokens,
                                                                     line_room)]
    target = _even_share(sum(n for _, n in parts), line_room.tokens)
    offset = piece.start + len(first)
    group: list[str] = []
    size = chars = 0
    group_start = piece.start
    for part, n in parts:
        wordless = not _has_words(part)  # a closing fence or brace stays with its block
        over = (first_n + size + n + 2 > limits.tokens
                or len(first) + chars + len(part) > limits.chars)
        if group and not wordless and (over or size >= target):
            yield (_Piece(group_start, offset, (first + "".join(group)).rstrip(), piece.kind,
                          continued=group_start != piece.start), first_n + size + 2)
            group, size, chars, group_start = [], 0, 0, offset
            first, first_n = head_text, head_n
        if not group and not part.strip() and group_start != piece.start:
            offset += len(part)  # a part never starts with blank lines
            group_start = offset
            continue
        group.append(part)
        size += n
        chars += len(part)
        offset += len(part)
    if group:
        yield (_Piece(group_start, min(offset, piece.end), (first + "".join(group)).rstrip(),
                      piece.kind, continued=group_start != piece.start), first_n + size + 2)


def _even_share(total: int, room: int) -> int:
    """The size of each of the fewest equal parts of `total` that fit `room`."""
    parts = max(1, -(-total // max(room, 1)))
    return -(-total // parts)


def _pieces(count_tokens: TokenCounter, text: str) -> int:
    """Word pieces of `text` without the [CLS]/[SEP] pair, so counts of parts can be summed."""
    return count_tokens(text) - 2 if text.strip() else 0


def _split_words(line: str, count_tokens: TokenCounter,
                 room: _Limits) -> Iterator[tuple[str, int]]:
    """A line longer than the room (a huge paragraph) is cut between words into even
    parts, and a word longer than the room (a hash, a base64 blob) is cut inside."""
    n = _pieces(count_tokens, line) if len(line) <= room.chars * 4 else room.tokens + 1
    if n <= room.tokens and len(line) <= room.chars:
        yield line, n
        return
    words = []
    for word in _WORD_END.split(line):
        wn = _pieces(count_tokens, word) if len(word) <= room.chars else room.tokens + 1
        if wn > room.tokens or len(word) > room.chars:
            words += list(_hard_cut(word, count_tokens, room))
        else:
            words.append((word, wn))
    target = _even_share(sum(wn for _, wn in words), room.tokens)
    current, size = "", 0
    for word, wn in words:
        if current and (size + wn > room.tokens or len(current) + len(word) > room.chars
                        or size >= target):
            yield current, size
            current, size = "", 0
        current += word
        size += wn
    if current:
        yield current, size


def _hard_cut(word: str, count_tokens: TokenCounter, room: _Limits) -> Iterator[tuple[str, int]]:
    at = 0
    while at < len(word):
        size = min(room.chars, len(word) - at)
        while True:
            n = _pieces(count_tokens, word[at:at + size])
            if n <= room.tokens or size == 1:
                break
            size = max(1, min(size - 1, size * room.tokens // n))
        yield word[at:at + size], n
        at += size


def _fit(start: int, end: int, text: str, prefix: str, count_tokens: TokenCounter,
         max_tokens: int, max_chars: int) -> Iterator[tuple[int, int, str]]:
    """Check the packed chunk exactly; the rare one the summed counts let through
    (word pieces that merge across a cut) is halved until it fits."""
    embed = f"{prefix}\n{text}"
    if len(embed) <= max_chars and count_tokens(embed) <= max_tokens:
        yield start, end, text
        return
    if len(text) < 2:
        return  # nothing left to cut: a prefix alone over the limit
    half = text.rfind("\n", 0, len(text) // 2 + 1)
    half = half + 1 if half > 0 else len(text) // 2
    exact = end - start == len(text)  # a part with a repeated header is not its span
    middle = start + half if exact else start
    yield from _fit(start, middle if exact else end, text[:half].rstrip(), prefix,
                    count_tokens, max_tokens, max_chars)
    yield from _fit(middle, end, text[half:], prefix, count_tokens, max_tokens, max_chars)
