"""Jupyter notebooks (`.ipynb`): the Markdown cells as Markdown, the code cells as code in
the notebook's language. Outputs are left out: they are what one run printed (tables,
logs, pictures as base64), not what the page teaches."""

from __future__ import annotations

import json
import re

from ..documents import Outline
from ..errors import UnreadableDocument
from .markdown import read_markdown
from .text import decode


def read(data: bytes) -> Outline:
    try:
        notebook = json.loads(decode(data))
    except ValueError as exc:
        raise UnreadableDocument("not a notebook: its JSON does not parse") from exc
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        raise UnreadableDocument("not a notebook: it has no cells")
    language = _language(notebook.get("metadata"))
    parts = []
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        source = _source(cell.get("source"))
        if not source.strip():
            continue
        if cell.get("cell_type") == "markdown":
            parts.append(source)
        elif cell.get("cell_type") == "code":
            # A fence longer than any run of backticks in the code, so none closes it.
            fence = "`" * max(3, 1 + max((len(r) for r in re.findall(r"`+", source)), default=0))
            parts.append(f"{fence}{language}\n{source.rstrip()}\n{fence}")
    return read_markdown("\n\n".join(parts))


def _source(source: object) -> str:
    """A cell's text: nbformat writes it as one string or as a list of lines."""
    if isinstance(source, list):
        return "".join(line for line in source if isinstance(line, str))
    return source if isinstance(source, str) else ""


def _language(metadata: object) -> str:
    """The notebook's language: `language_info.name`, else the kernel's `language`."""
    if not isinstance(metadata, dict):
        return ""
    for key, name in (("language_info", "name"), ("kernelspec", "language")):
        info = metadata.get(key)
        if isinstance(info, dict) and isinstance(info.get(name), str):
            return info[name].strip()
    return ""
