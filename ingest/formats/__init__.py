"""File formats: each module turns one format into an Outline; this registry picks one
by file suffix. Parsers are imported on first use, so asking a question never loads them."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

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


def read_file(path: Path, data: bytes, root: Path) -> Outline:
    """`data`, the bytes of `path`, read by its format's reader. An AsciiDoc page of an
    Antora docs component is read with the attributes its component sets."""
    read = reader_of(path.suffix)
    if format_of(path.suffix) is Format.ASCIIDOC:
        from .antora import component_attributes

        return read(data, component_attributes(path, root))  # type: ignore[call-arg]
    return read(data)


def inherited_from(path: Path, root: Path) -> Path | None:
    """The file besides `path` itself that its reading depends on, if any: an Antora
    page's component descriptor."""
    if format_of(path.suffix) is not Format.ASCIIDOC:
        return None
    from .antora import descriptor_of

    return descriptor_of(path, root)
