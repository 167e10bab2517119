"""MyST directives, the Markdown of Sphinx and Jupyter Book sites: a fenced block whose
info is `{name} argument` (```` ```{note} ````, ```` ```{code-block} yaml ````) is a
directive, not code. Read as code, a note's prose would be quoted as a listing."""

from __future__ import annotations

import re
from dataclasses import dataclass

NOTE_BOXES = frozenset({"note", "warning", "tip", "important", "caution", "danger",
                        "attention", "hint", "error", "seealso", "admonition"})
CODE = frozenset({"code-block", "code", "sourcecode", "code-cell"})
# Directives whose body is no prose of the page: a table of contents, a picture, a file
# pulled in from elsewhere, raw output.
NO_TEXT = frozenset({"toctree", "contents", "image", "figure", "include", "literalinclude",
                     "raw", "mermaid", "graphviz", "only"})

_INFO = re.compile(r"\{(?P<name>[\w:.-]+)\}\s*(?P<argument>.*)")
_OPTION = re.compile(r"\s*:[\w-]+:")


@dataclass(frozen=True)
class Directive:
    name: str
    argument: str  # the rest of the info line: a title, a tab's label, a language
    body: str  # the content without its option lines

    @property
    def label(self) -> str:
        """What leads the body: a note box's kind ("**Warning:**"), its own title, or
        the argument a tab or card is named by."""
        if self.name in NOTE_BOXES:
            title = self.argument if self.name == "admonition" else self.name.capitalize()
            return f"**{title}:**" if title else ""
        return f"**{self.argument}**" if self.argument else ""


def directive(info: str, content: str) -> Directive | None:
    """The directive a fenced block is, or None for code."""
    match = _INFO.fullmatch(info.strip())
    if match is None:
        return None
    lines = content.split("\n")
    if lines and lines[0].strip() == "---":  # options as a YAML block
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
        lines = lines[end + 1:]
    while lines and _OPTION.match(lines[0]):
        lines.pop(0)
    return Directive(match["name"].lower(), match["argument"].strip(), "\n".join(lines))
