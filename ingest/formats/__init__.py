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
    ".ipynb": (Format.NOTEBOOK, "notebook"),
    ".docx": (Format.DOCX, "docx"),
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
    """`data`, the bytes of `path`, read by its format's reader, with what its docs
    project adds to every page: an Antora component's AsciiDoc attributes and those of
    the attribute files a page includes, a Sphinx project's `rst_prolog` and
    `rst_epilog`."""
    read = reader_of(path.suffix)
    fmt = format_of(path.suffix)
    if fmt is Format.ASCIIDOC:
        from .asciidoc.antora import component_attributes
        from .asciidoc.included import included_attributes

        attributes = component_attributes(path, root) | included_attributes(path, data, root)
        return read(data, attributes)  # type: ignore[call-arg]
    if fmt is Format.RST:
        from .rst.sphinx import prolog_and_epilog

        return read(data, *prolog_and_epilog(path, root))  # type: ignore[call-arg]
    return read(data)


def depends_on(path: Path, data: bytes, root: Path) -> tuple[Path, ...]:
    """The files besides `path` itself that its reading depends on: its Antora
    component's descriptor and the attribute files it includes, or its Sphinx project's
    configuration."""
    fmt = format_of(path.suffix)
    if fmt is Format.ASCIIDOC:
        from .asciidoc.antora import descriptor_of
        from .asciidoc.included import included_files

        descriptor = descriptor_of(path, root)
        return (*((descriptor,) if descriptor else ()), *included_files(path, data, root))
    if fmt is Format.RST:
        from .rst.sphinx import configuration_of

        configuration = configuration_of(path, root)
        return (configuration,) if configuration else ()
    return ()
