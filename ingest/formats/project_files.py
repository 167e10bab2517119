"""The files a docs project keeps beside its pages (an Antora `antora.yml`, a Sphinx
`conf.py`): found above a page within the corpus, and read only while small."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

MAX_PROJECT_FILE_BYTES = 1 << 20  # a project's settings file is a page or two


def nearest_above(path: Path, root: Path, name: str,
                  holds: Callable[[Path], bool] = lambda _folder: True) -> Path | None:
    """The nearest file called `name` in a folder above `path`, within `root`, whose
    folder `holds` the page (by default any folder does)."""
    for folder in path.parents:
        if not folder.is_relative_to(root):
            return None
        candidate = folder / name
        if holds(folder) and candidate.is_file():
            return candidate
    return None


def version_of(project_file: Path) -> tuple[int, int] | None:
    """Its modification time and size, which key what was read from it; None when it
    cannot be read or is too large to be a settings file."""
    try:
        stat = project_file.stat()
    except OSError:
        return None
    if stat.st_size > MAX_PROJECT_FILE_BYTES:
        return None
    return stat.st_mtime_ns, stat.st_size
