"""reStructuredText through docutils' own parser: its doctree gives sections, lists,
tables, literal blocks and admonitions. Directives that read other files (`include`,
`raw`, `csv-table :file:`) are disabled, so a document can never pull in text from
outside the corpus."""

from __future__ import annotations

from typing import Any

from ..documents import Block, BlockKind, Outline, Section
from .sections import SectionBuilder
from .text import decode

_SETTINGS = {
    "report_level": 5,  # docutils prints warnings to stderr otherwise
    "halt_level": 5,
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "doctitle_xform": False,  # keep the top title as a section heading
    "input_encoding": "unicode",
}


def read(data: bytes) -> Outline:
    from docutils.core import publish_doctree

    tree = publish_doctree(decode(data), settings_overrides=_SETTINGS)
    reader = _Reader()
    reader.walk(tree, 0)
    return Outline(reader.sections())


class _Reader:
    def __init__(self) -> None:
        self._out = SectionBuilder()

    def sections(self) -> tuple[Section, ...]:
        return self._out.sections()

    def _add(self, kind: BlockKind, text: str) -> None:
        if text.strip():
            self._out.blocks.append(Block(kind, text.strip()))

    def walk(self, node: Any, depth: int) -> None:
        from docutils import nodes

        for child in node.children:
            if isinstance(child, nodes.section):
                title = child.next_node(nodes.title)
                self._out.heading(" ".join(title.astext().split()) if title else "",
                                  min(depth + 1, 6))
                self.walk(child, depth + 1)
            elif isinstance(child, nodes.title | nodes.comment | nodes.system_message
                            | nodes.target | nodes.substitution_definition):
                continue
            elif isinstance(child, nodes.paragraph):
                self._add(BlockKind.PARAGRAPH, _line(child))
            elif isinstance(child, nodes.bullet_list | nodes.enumerated_list
                            | nodes.definition_list | nodes.field_list):
                self._add(BlockKind.LIST, "\n".join(_items(child, 0)))
            elif isinstance(child, nodes.literal_block | nodes.doctest_block):
                classes = [c for c in child.get("classes", []) if c != "code"]
                language = child.get("language") or (classes[0] if classes else "")
                self._out.blocks.append(Block(BlockKind.CODE, child.astext(), language=language))
            elif isinstance(child, nodes.table):
                self._out.blocks.append(_table(child))
            elif isinstance(child, nodes.block_quote):
                self._add(BlockKind.QUOTE, "\n".join(f"> {_line(p)}" for p in child.children))
            elif isinstance(child, nodes.Admonition):
                self._admonition(child, depth)
            elif isinstance(child, nodes.Element) and child.children:
                self.walk(child, depth)  # containers, topics, compound paragraphs
            elif isinstance(child, nodes.Text) and child.astext().strip():
                self._add(BlockKind.PARAGRAPH, child.astext())

    def _admonition(self, node: Any, depth: int) -> None:
        from docutils import nodes

        title = node.next_node(nodes.title)
        label = f"**{node.tagname.capitalize()}:**" if node.tagname != "admonition" else ""
        if title is not None:
            label = f"**{' '.join(title.astext().split())}:**"
        start = len(self._out.blocks)
        self.walk(node, depth)
        self._out.lead(start, label)


def _line(node: Any) -> str:
    return " ".join(node.astext().split())


def _items(node: Any, depth: int) -> list[str]:
    """List items as Markdown bullets; nested lists indent under their item."""
    from docutils import nodes

    lines: list[str] = []
    for item in node.children:
        own, nested = [], []
        for part in item.children:
            if isinstance(part, nodes.bullet_list | nodes.enumerated_list
                          | nodes.definition_list | nodes.field_list):
                nested += _items(part, depth + 1)
            elif isinstance(part, nodes.term | nodes.field_name):
                own.append(f"**{_line(part)}**")
            else:
                own.append(_line(part))
        text = " ".join(t for t in own if t)
        if text:
            lines.append(f"{'  ' * depth}- {text}")
        lines += nested
    return lines


def _table(node: Any) -> Block:
    from docutils import nodes

    header: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = []
    for row in node.findall(nodes.row):
        cells = tuple(_line(entry) for entry in row.children)
        if isinstance(row.parent, nodes.thead) and not header:
            header = cells
        else:
            rows.append(cells)
    return Block(BlockKind.TABLE, header=header, rows=tuple(rows))
