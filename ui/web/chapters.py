"""Reading an indexed chapter for display, safely, and finding the section a citation names.

The file name comes from a URL, so it is checked three ways before anything is opened:
it must be a file the index lists, a plain relative path, and resolve (symlinks followed)
to a place inside the ingested root.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from ingest.chunking import Chunk
from ingest.errors import UnreadableDocument
from ingest.loaders import load

# Formats whose indexed text is canonical Markdown (a PDF's and a text file's is prose).
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx", ".adoc", ".asciidoc", ".rst", ".html", ".htm")
TEXT_SUFFIXES = (".txt", ".text")

# An inline Markdown link or image target: [text](target "title")
_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]\n]*)\]\((?P<target>[^)\s]+)(?P<title>\s+\"[^\"]*\")?\)")


@dataclass(frozen=True)
class ChapterText:
    file: str
    text: str
    changed: bool  # the file differs from what was indexed, so citation offsets may be off

    @property
    def is_markdown(self) -> bool:
        return self.file.lower().endswith(MARKDOWN_SUFFIXES)


def readable(file: str) -> bool:
    """Whether the chapter's indexed text reads as it is: canonical Markdown (whatever its
    source format) or plain text; a PDF's is shown as the text extracted from it."""
    return file.lower().endswith(MARKDOWN_SUFFIXES + TEXT_SUFFIXES)


@dataclass(frozen=True)
class ChapterView:
    """A chapter cut around its cited section; `cited` is empty when nothing is cited."""

    before: str
    cited: str
    after: str


def source_root(root: str | Path) -> Path:
    """The folder chapter names are relative to (an index of one file names it alone)."""
    path = Path(root)
    return path.parent if path.is_file() else path


def resolve_source(root: str | Path, file: str, known: Collection[str]) -> Path:
    """The path of an indexed chapter, or UnreadableDocument for anything else."""
    if file not in known:
        raise UnreadableDocument(f"{file!r} is not an indexed document")
    pure = PurePosixPath(file)
    if pure.is_absolute() or "\\" in file or ".." in pure.parts or Path(file).is_absolute():
        raise UnreadableDocument(f"{file!r} is not a path inside the index root")
    base = source_root(root).resolve()
    path = (base / pure).resolve()
    if not path.is_relative_to(base):
        raise UnreadableDocument(f"{file!r} resolves outside the index root")
    if not path.is_file():
        raise UnreadableDocument(f"{file} is no longer at {base}; re-index to refresh")
    return path


def read_chapter(root: str | Path, file: str, known: Collection[str],
                 indexed_sha256: str | None = None) -> ChapterText:
    """A chapter as the index saw it: the canonical text its chunk spans point into."""
    path = resolve_source(root, file, known)
    changed = (indexed_sha256 is not None
               and hashlib.sha256(path.read_bytes()).hexdigest() != indexed_sha256)
    return ChapterText(file, load(path, Path(root)).text, changed)


def section_span(chunks: Iterable[Chunk], file: str,
                 section_path: Sequence[str]) -> tuple[int, int] | None:
    """Where a section lies in the chapter text, from the spans of its chunks.

    Chunks filed under exactly this heading path come first (that is what a citation
    quotes); a heading with no text of its own spans its subsections instead.
    """
    path = tuple(section_path)
    if not path:
        return None
    mine = [c for c in chunks if c.file == file]
    spans = [(c.start, c.end) for c in mine if c.section_path == path]
    spans = spans or [(c.start, c.end) for c in mine if c.section_path[:len(path)] == path]
    # A passage read whole names a unit's section by the document and the heading above
    # it only; headings between them, with no text of their own, are not in its text.
    spans = spans or [(c.start, c.end) for c in mine if _within(path, c.section_path)]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def _within(path: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether `path` is `full` with some middle headings left out (same first and last)."""
    if len(path) < 2 or len(full) < len(path) or (full[0], full[-1]) != (path[0], path[-1]):
        return False
    rest = iter(full)
    return all(heading in rest for heading in path)


def split_chapter(text: str, span: tuple[int, int] | None) -> ChapterView:
    """Cut the chapter at the cited span's block boundaries (a span from `section_span`)."""
    if span is None:
        return ChapterView(text, "", "")
    start, end = max(0, span[0]), min(len(text), span[1])
    if start >= end:
        return ChapterView(text, "", "")
    return ChapterView(text[:start], text[start:end], text[end:])


def link_chapters(text: str, file: str, known: Collection[str], page_url: str) -> str:
    """Point relative links between indexed chapters at the Documents page.

    Other links are left alone; the Markdown renderer already drops unsafe schemes.
    """
    folder = posixpath.dirname(file)

    def replace(match: re.Match[str]) -> str:
        target = match["target"]
        path, _, _ = target.partition("#")
        if not path or "://" in path or path.startswith(("/", "mailto:")):
            return match[0]
        name = posixpath.normpath(posixpath.join(folder, path))
        if name not in known:
            return match[0]
        return f"[{match['text']}]({page_url}?file={quote(name, safe='')})"

    return _LINK.sub(replace, text)
