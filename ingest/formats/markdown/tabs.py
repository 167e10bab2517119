"""Tabs of docs-site Markdown: each tab's label stays over its own body.

MkDocs (pymdownx.tabbed) writes `=== "Helm"` over a body indented four spaces;
Docusaurus writes `<TabItem value="helm" label="Helm">` around it. Read as CommonMark,
the first becomes one code block of Markdown source and the second loses its label.
"""

from __future__ import annotations

import re

from ..fences import Fences

# A component opening a labelled part, as Docusaurus's `<TabItem value="helm"
# label="Helm">`: the label names what the lines under it are for.
_LABELLED_COMPONENT = re.compile(r'<[A-Z][\w.]*\b[^<>]*?\blabel=(["\'])(?P<label>[^"\'<>]+)\1'
                                 r'[^<>]*>')
_TAB = re.compile(r'(?P<indent>[ \t]*)===[!+]?[ \t]+"(?P<label>[^"\n]*)"[ \t]*$')


def content_tabs(text: str) -> str:
    """MkDocs content tabs (`=== "Helm"` over a body indented four spaces) as a bold
    label over the body, dedented: indented, the body would read as one code block of
    Markdown source. Tabs in the body are read the same way; a fenced block is not read."""
    if "===" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    fences = Fences()
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        tab = None if fences.code(line) else _TAB.match(line)
        if tab is None:
            out.append(line)
            continue
        indent = tab["indent"] + "    "
        body: list[str] = []
        while i < len(lines) and (lines[i].startswith(indent) or not lines[i].strip()):
            body.append(lines[i][len(indent):])
            i += 1
        out += [f"{tab['indent']}**{tab['label']}**", "",
                *(tab["indent"] + b if b else "" for b in content_tabs("\n".join(body))
                  .split("\n"))]
    return "\n".join(out)


def tab_labels(html: str) -> list[str]:
    """The labels of the tab components an HTML block opens."""
    return [match["label"] for match in _LABELLED_COMPONENT.finditer(html)]
