"""Find and read files into Documents. The only module of `ingest` that opens source files.

Every file under the root is accounted for: `survey` lists the ones to load and, with a
one-line reason, the ones it will not open (unsupported type, too large, a link that
leads outside the root). A file that fails to load raises `UnreadableDocument`; the
caller names it in the summary and goes on with the rest. Hidden files and folders
(`.git`) are passed over silently, and so is what the caller's `pass_over` picks (index
folders inside the corpus).

A file is known by its display name (`safe_text.display_name`): its path relative to
the root, with an invalid byte or a control character in it escaped, so every name
prints on one line and encodes as UTF-8.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .canonical import render
from .documents import Document
from .errors import UnreadableDocument
from .formats import SUFFIXES, depends_on, format_of, read_file
from .safe_text import clean_outline, display_name, strip_controls

LOOP = "link loop; not followed"


@dataclass(frozen=True)
class Skipped:
    file: str  # relative to the root, as in the summary
    reason: str  # one line


@dataclass(frozen=True)
class Survey:
    files: tuple[Path, ...]  # in a stable, sorted order
    skipped: tuple[Skipped, ...]


def survey(root: Path, max_file_bytes: int | None = None,
           pass_over: Callable[[Path], bool] | None = None) -> Survey:
    """Every file under `root`: the ones to load, and the others with their reason.
    Paths `pass_over` picks (given absolute, under the resolved root) are not listed."""
    skip = pass_over or (lambda path: False)
    root = root.resolve()
    if root.is_file():
        reason = _reason_to_skip(root, root.parent, max_file_bytes)
        skipped = (Skipped(display_name(root.name), reason),) if reason else ()
        return Survey(() if reason else (root,), skipped)
    files: dict[str, Path] = {}
    skipped: list[Skipped] = []
    for folder, dirs, names in os.walk(root):  # links to folders are not walked into
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not skip(here / d))
        for d in [d for d in dirs if (here / d).is_symlink()]:
            skipped.append(Skipped(relative_name(here / d, root), _folder_link(here / d, root)))
        for name in sorted(n for n in names
                           if not n.startswith(".") and not skip(here / n)):
            path = here / name
            shown = relative_name(path, root)
            reason = _reason_to_skip(path, root, max_file_bytes)
            if reason is None and shown in files:
                # Two names that differ only in undecodable bytes or escapes: keep one.
                reason = "another file's name also shows as this one; rename one of them"
            if reason:
                skipped.append(Skipped(shown, reason))
            else:
                files[shown] = path
    return Survey(tuple(sorted(files.values())), tuple(sorted(skipped, key=lambda s: s.file)))


def discover(root: Path) -> list[Path]:
    """The files under `root` that `load` reads, sorted."""
    return list(survey(root).files)


def _resolved(path: Path) -> Path | None:
    """Where a link leads, or None when it loops (or cannot be followed at all)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError before Python 3.13, OSError (ELOOP) after
        return None


def _folder_link(path: Path, root: Path) -> str:
    target = _resolved(path)
    if target is None:
        return LOOP
    if not target.is_relative_to(root):
        return "link to a folder outside the corpus; not followed"
    return "link to a folder inside the corpus; its files are indexed where they are"


def _reason_to_skip(path: Path, root: Path, max_file_bytes: int | None) -> str | None:
    if path.is_symlink():
        target = _resolved(path)
        if target is None:
            return LOOP
        if not target.is_relative_to(root):
            return "link to a file outside the corpus; not read"
        if not target.exists():
            return "broken link"
    if path.suffix.lower() not in SUFFIXES:
        return f"unsupported file type {path.suffix.lower() or '(no extension)'}"
    try:
        stat = path.stat()
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}"
    if not path.is_file():
        return "not a regular file"
    if max_file_bytes is not None and stat.st_size > max_file_bytes:
        return _too_large(stat.st_size, max_file_bytes)
    return None


def readable_size(size: int) -> str:
    """`12 KB`, `3.4 MB`: the unit a reader expects, never `0.0 MB`."""
    if size < 1024:
        return f"{size} bytes"
    value, unit = size / 1024, "KB"
    for unit in ("KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            break
        value /= 1024
    return (f"{value:.0f}" if value >= 10 else f"{value:.1f}".removesuffix(".0")) + f" {unit}"


def _too_large(size: int, limit: int) -> str:
    shown = readable_size(size), readable_size(limit)
    if shown[0] == shown[1]:  # "1 KB; the limit is 1 KB" would not say why
        shown = f"{size:,} bytes", f"{limit:,} bytes"
    return f"too large ({shown[0]}; the limit is {shown[1]}, TRADEOFFS_MAX_FILE_BYTES)"


def relative_name(path: Path, root: Path) -> str:
    """The file's display name: relative to the root, forward slashes, escaped."""
    name = path.name if root.is_file() else path.relative_to(root).as_posix()
    return display_name(name)


def file_digest(path: Path, root: Path | None = None) -> str:
    """sha256 of the file; given the corpus `root`, also of any file its reading depends
    on (an Antora page's component descriptor, the attribute files an AsciiDoc page
    includes), so a change there reads it again."""
    data = path.read_bytes()
    digest = hashlib.sha256(data)
    for depended in depends_on(path, data, _base(root)) if root is not None else ():
        digest.update(depended.read_bytes())
    return digest.hexdigest()


def _base(root: Path) -> Path:
    """The folder a corpus's files lie in: the root, or a file root's own folder."""
    return root.resolve() if root.is_dir() else root.resolve().parent


def load(path: Path, root: Path) -> Document:
    """Load one file as canonical Markdown, or raise UnreadableDocument with the reason."""
    fmt = format_of(path.suffix)
    if fmt is None:
        raise UnreadableDocument(f"unsupported file type {path.suffix or '(none)'}")
    base = _base(root)
    target = _resolved(path)
    if target is None:
        raise UnreadableDocument(LOOP)
    if not target.is_relative_to(base):
        raise UnreadableDocument("link to a file outside the corpus; not read")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"cannot read file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise UnreadableDocument("empty file")
    try:
        outline = read_file(path, data, base)
    except UnreadableDocument:
        raise
    except Exception as exc:  # a parser that chokes on one file must not stop the ingest
        raise UnreadableDocument(f"cannot parse this {fmt} file ({type(exc).__name__})") from exc
    outline = clean_outline(outline)  # no document writes to a terminal, in any format
    rendered = render(outline)
    if not any(ch.isalnum() for ch in rendered.text):
        raise UnreadableDocument("no text to index")
    title = strip_controls(outline.title) if isinstance(outline.title, str) else None
    return Document(relative_name(path, root), rendered.text, fmt,
                    hashlib.sha256(data).hexdigest(), rendered.pages, title,
                    rendered.sections, outline.metadata)
