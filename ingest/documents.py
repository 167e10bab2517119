"""Documents as loaded from disk, before chunking."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Format(StrEnum):
    MARKDOWN = "markdown"
    TEXT = "text"
    PDF = "pdf"


@dataclass(frozen=True)
class Page:
    """Where one PDF page sits in the document's extracted text."""

    number: int  # 1-based, as a reader would cite it
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    file: str  # path relative to the ingested root, with forward slashes
    text: str
    format: Format
    sha256: str
    pages: tuple[Page, ...] = ()
    title: str | None = None  # a title the format itself carries, e.g. PDF metadata
