"""Sphinx projects: a `conf.py` whose `rst_prolog` and `rst_epilog` the build adds to every
reStructuredText page, most often substitutions (`.. |product| replace:: Skyline`).
Read without them, `|product|` would stand where the name is. The strings are read
from the file's syntax tree, never run: a corpus's code does not execute here."""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

from ..project_files import nearest_above, version_of

CONFIGURATION = "conf.py"


def configuration_of(path: Path, root: Path) -> Path | None:
    """The `conf.py` of the Sphinx project `path` is a page of: the nearest above it,
    within `root`."""
    return nearest_above(path, root, CONFIGURATION)


def prolog_and_epilog(path: Path, root: Path) -> tuple[str, str]:
    """The text the project's build puts before and after `path` ("" for none)."""
    configuration = configuration_of(path, root)
    version = version_of(configuration) if configuration is not None else None
    if configuration is None or version is None:
        return "", ""
    return _strings(configuration, *version)


# Every page of a project reads the same configuration; its time and size say when
# it changed.
@lru_cache(maxsize=16)
def _strings(configuration: Path, _mtime_ns: int, _size: int) -> tuple[str, str]:
    try:
        tree = ast.parse(configuration.read_bytes())
    except (OSError, SyntaxError, ValueError):
        return "", ""
    found = {"rst_prolog": "", "rst_epilog": ""}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if isinstance(target, ast.Name) and target.id in found:
                try:
                    value = ast.literal_eval(statement.value)
                except (ValueError, TypeError, SyntaxError, RecursionError):
                    continue  # built at run time: not known without running it
                if isinstance(value, str):
                    found[target.id] = value
    return found["rst_prolog"], found["rst_epilog"]
