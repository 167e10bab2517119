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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from .documents import BlockKind, BlockSpan, Document, Format, SectionSpan
from .markdown import first_heading, parse_sections
from .parts import decision_part
from .splitting import MIN_ROOM, CountTokens, Limits, Piece, has_words, split_oversized

# Sections shorter than this are merged with their next sibling rather than left as fragments.
MIN_SECTION_TOKENS = 40
MAX_CHARS = 2000  # default cap on a chunk's embedded text, in characters



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
    # The headings of the small sibling sections merged into this chunk, in order: a
    # merged chunk is filed under their parent but holds each of them whole.
    covers: tuple[str, ...] = ()

    @classmethod
    def from_record(cls, record: dict) -> Chunk:
        """A chunk from its JSON record (lists where the chunk has tuples)."""
        return cls(**{**record, "section_path": tuple(record["section_path"]),
                      "covers": tuple(record.get("covers", ()))})

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


def chunk_document(doc: Document, count_tokens: CountTokens, chunk_tokens: int = 200,
                   max_tokens: int = 256, max_chars: int = MAX_CHARS) -> list[Chunk]:
    """Chunk a document by its structure; every chunk's embed_text fits `max_tokens`
    word pieces and `max_chars` characters."""
    sections = list(doc.sections) or _sections_of_text(doc)
    chapter = first_heading(sections) or doc.title or _file_title(doc.file)
    budget = min(chunk_tokens, max_tokens)
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for draft in _merge_small(sections, doc.text, count_tokens):
        # Text before any heading belongs to the chapter.
        path, pieces, page = draft.path or (chapter,), draft.pieces, draft.page
        prefix = _prefix(path)
        limits = Limits(max(budget - count_tokens(prefix + "\n"), MIN_ROOM),
                         max(max_chars - len(prefix) - 1, MIN_ROOM))
        for packed in _pack(pieces, doc.text, count_tokens, limits):
            for start, end, text in _fit(*packed, prefix, count_tokens, max_tokens, max_chars):
                if not has_words(text):
                    continue  # a run of rules, braces or blank lines tells a reader nothing
                base = _chunk_id(doc.file, path, text)
                seen[base] = seen.get(base, 0) + 1
                chunk_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
                chunks.append(Chunk(chunk_id, doc.file, chapter, path, start, end, text,
                                    f"{prefix}\n{text}", decision_part(path),
                                    page or _page_at(doc, start), len(chunks),
                                    draft.covered(start, end)))
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


def _file_title(file: str) -> str:
    return PurePosixPath(file).stem.replace("-", " ").replace("_", " ").strip() or file


def _chunk_id(file: str, path: tuple[str, ...], text: str) -> str:
    # surrogatepass: a hand-made Document may carry a lone surrogate; ids never fail.
    digest = hashlib.sha256("\x1e".join([file, *path, text]).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:24]


def _page_at(doc: Document, offset: int) -> int | None:
    return next((p.number for p in doc.pages if p.start <= offset < p.end), None)


def _section_pieces(section: SectionSpan, text: str) -> list[Piece]:
    """The section's heading line and blocks; the heading travels with the first block."""
    pieces = [Piece(b.start, b.end, text[b.start:b.end], b.kind) for b in section.blocks
              if has_words(text[b.start:b.end])]
    if pieces and section.level > 0:
        first = pieces[0]
        pieces[0] = Piece(section.start, first.end, text[section.start:first.end], first.kind)
    return pieces


@dataclass(frozen=True)
class _Draft:
    """One section's pieces, or several small siblings' pieces filed under their parent."""

    path: tuple[str, ...]
    pieces: list[Piece]
    page: int | None
    merged: tuple[SectionSpan, ...] = ()

    def covered(self, start: int, end: int) -> tuple[str, ...]:
        """The merged sections whose heading lies in the span [start, end)."""
        return tuple(s.path[-1] for s in self.merged if s.path and start <= s.start < end)


def _merge_small(sections: list[SectionSpan], text: str, count_tokens: CountTokens
                 ) -> list[_Draft]:
    """Pair each section with its pieces, merging tiny sections into their next sibling.

    A merged draft is filed under the siblings' common parent, since it covers several.
    """
    drafts: list[_Draft] = []
    pending: tuple[SectionSpan, list[Piece], tuple[SectionSpan, ...]] | None = None
    for section in sections:
        pieces = _section_pieces(section, text)
        if not pieces:
            continue  # a heading with no body of its own: its children carry it in their path
        members: tuple[SectionSpan, ...] = (section,)
        if pending is not None:
            prev, prev_pieces, prev_members = pending
            pending = None
            if prev.path[:-1] == section.path[:-1] and prev.level == section.level:
                section = SectionSpan(section.path[:-1] or section.path, section.level,
                                      prev.start, section.end, (), section.page)
                pieces = prev_pieces + pieces
                members = prev_members + members
            else:
                drafts.append(_draft(prev.path, prev_pieces, prev.page, prev_members))
        small = (pieces[-1].end - pieces[0].start < MIN_SECTION_TOKENS * 20
                 and count_tokens(text[pieces[0].start:pieces[-1].end]) < MIN_SECTION_TOKENS)
        if small and section.level > 1:
            pending = (section, pieces, members)
        else:
            drafts.append(_draft(section.path, pieces, section.page, members))
    if pending is not None:
        drafts.append(_draft(pending[0].path, pending[1], pending[0].page, pending[2]))
    return drafts


def _draft(path: tuple[str, ...], pieces: list[Piece], page: int | None,
           members: tuple[SectionSpan, ...]) -> _Draft:
    return _Draft(path, pieces, page, members if len(members) > 1 else ())


def _pack(pieces: list[Piece], source: str, count_tokens: CountTokens,
          limits: Limits) -> Iterator[tuple[int, int, str]]:
    """Greedily pack whole pieces into chunks within the limits."""
    # Token counts of pieces each include [CLS]/[SEP], so their sum over-estimates the
    # joined text: packing by the sum keeps every chunk within the limit.
    group: list[Piece] = []
    size = chars = 0
    for piece, n in split_oversized(pieces, count_tokens, limits):
        if group and (piece.continued or size + n > limits.tokens
                      or chars + 2 + len(piece.text) > limits.chars):
            yield _joined(group, source)
            group, size, chars = [], 0, 0
        group.append(piece)
        size += n
        chars += len(piece.text) + (2 if len(group) > 1 else 0)
    if group:
        yield _joined(group, source)


def _joined(group: list[Piece], source: str) -> tuple[int, int, str]:
    # Keep the source's own blank lines between pieces, so an unsplit chunk is its span.
    text = group[0].text
    for prev, piece in zip(group, group[1:], strict=False):
        gap = source[prev.end:piece.start]
        text += (gap if gap and not gap.strip() else "\n\n") + piece.text
    return group[0].start, group[-1].end, text


def _fit(start: int, end: int, text: str, prefix: str, count_tokens: CountTokens,
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
