"""reStructuredText through docutils' own parser: its doctree gives sections, lists,
tables, literal blocks and admonitions; inline text is read by `inline`.
Directives that read other files (`include`, `raw`, `csv-table :file:`) are disabled,
so a document can never pull in text from outside the corpus.

Directives docutils does not know (Sphinx's `versionadded`, `seealso`, `tab`...) or
rejects (a `code-block` with Sphinx's `:caption:`) come back as error messages that
hold their source; their body is read from it, so no text is lost with them.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

from ...documents import Block, BlockKind, Outline, Section
from ..sections import SectionBuilder
from ..text import decode
from .inline import InlineText

_SETTINGS = {
    "report_level": 5,  # docutils prints warnings to stderr otherwise
    "halt_level": 5,
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "doctitle_xform": False,  # keep the top title as a section heading
    "input_encoding": "unicode",
}
_DIRECTIVE = re.compile(r"\.\.\s+([\w:.+-]+)::[ \t]*(.*)")
_OPTION = re.compile(r":[\w-][\w\s-]*:(\s|$)")
_CODE_DIRECTIVES = {"code", "code-block", "sourcecode"}
# Directives whose body is no prose: tables of contents, index entries, other files.
_NO_TEXT = {"toctree", "index", "highlight", "literalinclude", "include", "raw", "only-html",
            "tabularcolumns", "currentmodule", "module", "sectionauthor", "codeauthor"}
_LABELS = {"seealso": "See also", "versionadded": "New in version",
           "versionchanged": "Changed in version", "deprecated": "Deprecated since version",
           "todo": "To do"}
_LISTS = ("bullet_list", "enumerated_list", "definition_list", "field_list")


def read(data: bytes, prolog: str = "", epilog: str = "") -> Outline:
    """The document; `prolog` and `epilog` are what its project's build adds around
    every page (substitution definitions, most often)."""
    text = decode(data)
    if prolog or epilog:
        text = f"{prolog}\n\n{text}\n\n{epilog}\n"
    return Outline(_read_text(text).sections())


def _read_text(text: str, reader: _Reader | None = None, depth: int = 0) -> _Reader:
    from docutils.core import publish_doctree

    tree = publish_doctree(text, settings_overrides=_SETTINGS)
    reader = reader or _Reader()
    reader.walk(tree, depth, InlineText(tree))
    return reader


class _Reader:
    def __init__(self) -> None:
        self._out = SectionBuilder()

    def sections(self) -> tuple[Section, ...]:
        return self._out.sections()

    def _add(self, kind: BlockKind, text: str) -> None:
        if text.strip():
            self._out.blocks.append(Block(kind, text.strip()))

    def walk(self, node: Any, depth: int, inline: InlineText) -> None:
        from docutils import nodes

        for child in node.children:
            if isinstance(child, nodes.section):
                title = child.next_node(nodes.title)
                self._out.heading(inline.line(title, links=False) if title else "",
                                  min(depth + 1, 6))
                self.walk(child, depth + 1, inline)
            elif isinstance(child, nodes.system_message):
                self._failed_directive(child, depth)
            elif isinstance(child, nodes.title | nodes.comment | nodes.target | nodes.label
                            | nodes.substitution_definition):
                continue
            elif isinstance(child, nodes.paragraph):
                self._add(BlockKind.PARAGRAPH, inline.line(child))
            elif child.tagname in _LISTS:
                self._add(BlockKind.LIST, "\n".join(_items(child, 0, inline)))
            elif isinstance(child, nodes.literal_block | nodes.doctest_block):
                classes = [c for c in child.get("classes", []) if c != "code"]
                language = child.get("language") or (classes[0] if classes else "")
                self._out.blocks.append(Block(BlockKind.CODE, child.astext(), language=language))
            elif isinstance(child, nodes.table):
                self._out.blocks.append(_table(child, inline))
            elif isinstance(child, nodes.block_quote):
                self._add(BlockKind.QUOTE, "\n".join(f"> {inline.line(p)}" for p in child.children))
            elif isinstance(child, nodes.Admonition):
                self._admonition(child, depth, inline)
            elif isinstance(child, nodes.Element) and child.children:
                self.walk(child, depth, inline)  # containers, topics, compound paragraphs
            elif isinstance(child, nodes.Text) and child.astext().strip():
                self._add(BlockKind.PARAGRAPH, child.astext())

    def _admonition(self, node: Any, depth: int, inline: InlineText) -> None:
        from docutils import nodes

        title = node.next_node(nodes.title)
        label = f"**{node.tagname.capitalize()}:**" if node.tagname != "admonition" else ""
        if title is not None:
            label = _label(inline.line(title, links=False))
        start = len(self._out.blocks)
        self.walk(node, depth, inline)
        self._out.lead(start, label)

    def _failed_directive(self, message: Any, depth: int) -> None:
        """The text of a directive docutils could not run, read from its source."""
        from docutils import nodes

        source = next((c.astext() for c in message.children
                       if isinstance(c, nodes.literal_block)), "")
        directive = _DIRECTIVE.match(source)
        if message["level"] < 3 or directive is None:
            return  # a warning about text that was read all the same
        name, argument = directive[1].lower(), directive[2].strip()
        lines = textwrap.dedent("\n".join(source.splitlines()[1:])).splitlines()
        while lines and _OPTION.match(lines[0]):
            lines.pop(0)
        body = "\n".join(lines).strip("\n")
        if name in _NO_TEXT or name.rsplit(":", 1)[-1].startswith("auto"):
            return  # autodoc reads Python sources, which are not here
        if name in ("image", "figure"):
            argument = ""  # a file name; a figure's caption is its body
        elif not body.strip():  # `.. todo:: Text` or `.. py:function:: signature`
            body, argument = argument, ""
        if name in _CODE_DIRECTIVES:
            self._out.blocks.append(Block(BlockKind.CODE, body, language=argument))
            return
        start = len(self._out.blocks)
        if body.strip():
            _read_text(body, self, depth)
        label = _LABELS.get(name.rsplit(":", 1)[-1])
        if len(self._out.blocks) == start:
            return
        if label or argument:
            self._out.lead(start, _label(f"{label} {argument}" if label else argument))


def _label(title: str) -> str:
    title = " ".join(title.split())
    return f"**{title}**" if title.endswith(("?", "!", ":", ".")) else f"**{title}:**"


def _items(node: Any, depth: int, inline: InlineText) -> list[str]:
    """List items as Markdown bullets; nested lists indent under their item."""
    from docutils import nodes

    lines: list[str] = []
    for item in node.children:
        own, nested = [], []
        for part in item.children:
            if part.tagname in _LISTS:
                nested += _items(part, depth + 1, inline)
            elif isinstance(part, nodes.term | nodes.field_name):
                own.append(f"**{inline.line(part, links=False)}**")
            elif isinstance(part, nodes.literal_block):
                own.append(" ".join(part.astext().split()))
            else:
                own.append(inline.line(part))
        text = " ".join(t for t in own if t)
        if text:
            lines.append(f"{'  ' * depth}- {text}")
        lines += nested
    return lines


def _table(node: Any, inline: InlineText) -> Block:
    from docutils import nodes

    header: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = []
    for row in node.findall(nodes.row):
        cells = tuple(inline.line(entry) for entry in row.children)
        if isinstance(row.parent, nodes.thead) and not header:
            header = cells
        else:
            rows.append(cells)
    return Block(BlockKind.TABLE, header=header, rows=tuple(rows))
