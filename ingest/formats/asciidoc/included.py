"""Attribute files a page includes (`include::../attributes.txt[]`): a docs tree often
keeps its product names and versions in one file that every page includes. Read without
it, `{aws}` and `{k8s-n}` would stand where the words and numbers are.

Only the attribute entries of an included file are read, and only of a file that is
inside the corpus and holds no section of its own: no included text becomes part of a
page (a chapter included by a book is indexed as itself), and nothing outside the folder
being indexed is opened.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..project_files import version_of
from .context import ATTRIBUTE_ENTRY, entry_value, section_title, set_attribute

# `include::target[...]` on a line of its own; a target with a reference or a scheme
# (`{partials}/x.adoc`, `https://...`) is not a file this page can name alone.
_INCLUDE = re.compile(r"^include::([^\[\s{]+)\[[^\]\n]*\][ \t]*$", re.MULTILINE)
MAX_INCLUDED = 16  # a page including more is a book of chapters, not a page of settings


def included_files(path: Path, data: bytes, root: Path) -> tuple[Path, ...]:
    """The files inside `root` that the page at `path` includes, in order."""
    files: list[Path] = []
    for target in _INCLUDE.findall(data.decode("utf-8", errors="replace")):
        if "://" in target:
            continue
        file = (path.parent / target).resolve()
        if file.is_relative_to(root) and file != path.resolve() and file.is_file() \
                and file not in files:
            files.append(file)
        if len(files) == MAX_INCLUDED:
            break
    return tuple(files)


def included_attributes(path: Path, data: bytes, root: Path) -> dict[str, str]:
    """The attributes set by the attribute files the page includes ({} for none)."""
    attributes: dict[str, str] = {}
    for file in included_files(path, data, root):
        version = version_of(file)
        if version is not None:
            attributes.update(_entries(file, *version))
    return attributes


# Every page of a tree includes the same file; its time and size say when it changed.
@lru_cache(maxsize=64)
def _entries(file: Path, _mtime_ns: int, _size: int) -> tuple[tuple[str, str], ...]:
    try:
        lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ()
    if any(section_title(line) for line in lines):
        return ()  # a chapter or a page: its own document, not settings
    attributes: dict[str, str] = {}
    i = 0
    while i < len(lines):
        entry = ATTRIBUTE_ENTRY.match(lines[i].rstrip())
        i += 1
        if entry is None:
            continue
        value, i = entry_value(entry, lines, i)
        set_attribute(attributes, entry, value)
    return tuple(attributes.items())
