"""One document model for every format.

A reader turns its format into an `Outline`: titled sections of typed blocks. The
outline is rendered once as canonical Markdown (`ingest.canonical`), and that text is
the `Document.text` every chunk span, citation and chapter view points into.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Format(StrEnum):
    MARKDOWN = "markdown"
    TEXT = "text"
    PDF = "pdf"
    HTML = "html"
    ASCIIDOC = "asciidoc"
    RST = "rst"
    NOTEBOOK = "notebook"
    DOCX = "docx"


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    LIST = "list"
    TABLE = "table"
    CODE = "code"
    QUOTE = "quote"
    OTHER = "other"


@dataclass(frozen=True)
class Block:
    """One block of a section, as its reader understood it."""

    kind: BlockKind
    text: str = ""  # Markdown for paragraph, list and quote; the body of a code block
    language: str = ""  # of a code block
    header: tuple[str, ...] = ()  # of a table; cells trimmed
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Section:
    """A heading and its own blocks, up to the next heading of any level."""

    title: str  # "" for text before the first heading, or a format without headings
    level: int  # 1-6; 0 when there is no heading line
    blocks: tuple[Block, ...]
    page: int | None = None  # the PDF page this text comes from


@dataclass(frozen=True)
class Outline:
    """What a reader makes of one file."""

    sections: tuple[Section, ...]
    title: str | None = None  # a title the file carries outside its headings (metadata)
    metadata: dict[str, str] = field(default_factory=dict)  # e.g. parsed front matter


@dataclass(frozen=True)
class BlockSpan:
    kind: BlockKind
    start: int  # character offsets into the document text
    end: int


@dataclass(frozen=True)
class SectionSpan:
    """Where a section lies in the document text, with its heading path."""

    path: tuple[str, ...]  # headings from outermost to innermost
    level: int  # of the innermost heading; 0 for text before the first heading
    start: int  # the heading line (or the first block when there is none)
    end: int
    blocks: tuple[BlockSpan, ...]
    page: int | None = None

    @property
    def title(self) -> str:
        return self.path[-1] if self.path else ""


@dataclass(frozen=True)
class Page:
    """Where one PDF page sits in the document's text."""

    number: int  # 1-based, as a reader would cite it
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    file: str  # path relative to the ingested root, with forward slashes
    text: str  # canonical Markdown, or text as given for a hand-made Document
    format: Format
    sha256: str
    pages: tuple[Page, ...] = ()
    title: str | None = None  # a title the format itself carries, e.g. PDF metadata
    # Where each section lies in `text`; empty for a Document made by hand from text,
    # which the chunker then parses where it stands.
    sections: tuple[SectionSpan, ...] = ()
    # Fields the file declares about itself, e.g. its front matter; lists are joined
    # with ", ". Never part of `text`.
    metadata: Mapping[str, str] = field(default_factory=dict)
