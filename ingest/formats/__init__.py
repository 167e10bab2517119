"""File formats: each module turns one format into an Outline; this registry picks one
by file suffix. Parsers are imported on first use, so asking a question never loads them."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from ..documents import Format, Outline

Reader = Callable[[bytes], Outline]

# suffix -> (format, module of this package whose `read(data)` loads it)
_REGISTRY: dict[str, tuple[Format, str]] = {
    ".md": (Format.MARKDOWN, "markdown"),
    ".markdown": (Format.MARKDOWN, "markdown"),
    ".mdx": (Format.MARKDOWN, "markdown"),
    ".txt": (Format.TEXT, "text"),
    ".text": (Format.TEXT, "text"),
    ".pdf": (Format.PDF, "pdf"),
    ".html": (Format.HTML, "html"),
    ".htm": (Format.HTML, "html"),
    ".adoc": (Format.ASCIIDOC, "asciidoc"),
    ".asciidoc": (Format.ASCIIDOC, "asciidoc"),
    ".rst": (Format.RST, "rst"),
}

SUFFIXES = frozenset(_REGISTRY)


def format_of(suffix: str) -> Format | None:
    entry = _REGISTRY.get(suffix.lower())
    return entry[0] if entry else None


def reader_of(suffix: str) -> Reader:
    """The `read(data) -> Outline` function for a supported suffix."""
    _, module = _REGISTRY[suffix.lower()]
    return import_module(f"{__name__}.{module}").read
