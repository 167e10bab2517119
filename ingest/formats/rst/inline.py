"""reStructuredText inline text as a reader sees it: web links as Markdown links
`[text](url)`, cross references and roles as their text.

Plain docutils knows no Sphinx roles (`:ref:`, `:doc:`, `:py:func:`...): it keeps
them as "problematic" nodes holding their source, and those are read here, so any
role of any domain shows its text without registering roles in docutils' global
tables. A reference to a label shows the title of the section it labels.
"""

from __future__ import annotations

import re
from typing import Any

from ..links import markdown_link

_ROLE = re.compile(r":(?P<role>[\w.+:-]+):`(?P<body>.*)`|`(?P<body2>.*)`:(?P<role2>[\w.+:-]+):",
                   re.DOTALL)
_TARGETED = re.compile(r"(?P<text>.*?)\s*<(?P<target>[^<>]+)>", re.DOTALL)
_PHRASE_REFERENCE = re.compile(r"`(?P<body>.*)`__?", re.DOTALL)
_NAME_REFERENCE = re.compile(r"([\w.+-]+)__?")


class InlineText:
    """Renders the inline content of docutils nodes, knowing the document's labels."""

    def __init__(self, tree: Any) -> None:
        from docutils import nodes

        self._labels: dict[str, str] = {}
        for section in tree.findall(nodes.section):
            title = section.next_node(nodes.title)
            if title is not None:
                for name in section["ids"]:
                    self._labels[name] = " ".join(self.text(title, links=False).split())

    def line(self, node: Any, links: bool = True) -> str:
        """The node's text on one line."""
        return " ".join(self.text(node, links).split())

    def text(self, node: Any, links: bool = True) -> str:
        from docutils import nodes

        if isinstance(node, nodes.Text):
            return node.astext()  # without escapes: `name`\ s reads "names"
        if isinstance(node, nodes.reference):
            label = self.text_of(node, False)
            return markdown_link(label, node.get("refuri", "")) if links and label.strip() \
                else label
        if isinstance(node, nodes.problematic):
            return self._unresolved(node.astext())
        if isinstance(node, nodes.footnote_reference | nodes.citation_reference | nodes.image
                      | nodes.system_message | nodes.substitution_definition):
            return ""  # a footnote's number; the note itself is a block of its own
        if isinstance(node, nodes.Element):
            return self.text_of(node, links)
        return ""

    def text_of(self, node: Any, links: bool) -> str:
        return "".join(self.text(child, links) for child in node.children)

    def _unresolved(self, source: str) -> str:
        if role := _ROLE.fullmatch(source):
            return self._role(role["role"] or role["role2"], role["body"] or role["body2"] or "")
        if phrase := _PHRASE_REFERENCE.fullmatch(source):
            targeted = _TARGETED.fullmatch(phrase["body"])
            return targeted["text"] if targeted and targeted["text"] else phrase["body"]
        if name := _NAME_REFERENCE.fullmatch(source):
            return name[1]
        return source  # e.g. a |substitution| defined outside the file: left as written

    def _role(self, role: str, body: str) -> str:
        kind = role.rsplit(":", 1)[-1].lower()
        targeted = _TARGETED.fullmatch(body)
        if targeted and targeted["text"]:
            return targeted["text"]
        target = body.lstrip("!")
        if kind in ("ref", "numref", "any"):
            from docutils.nodes import make_id

            return self._labels.get(make_id(target)) or _humanized(target)
        if kind == "doc":
            return _humanized(target.rstrip("/").rsplit("/", 1)[-1])
        if target.startswith("~"):  # Sphinx: show the last part of a dotted name
            return target[1:].rsplit(".", 1)[-1]
        if kind == "menuselection":
            return target.replace("-->", ">")
        if kind == "guilabel":
            return re.sub(r"&(&?)", r"\1", target)  # `&Cancel`: an accelerator mark
        return target


def _humanized(name: str) -> str:
    return " ".join(name.replace("_", " ").replace("-", " ").split())
