"""What every format reader does with its headings and blocks: gather the blocks under
the current heading, and close that section when the next heading opens."""

from __future__ import annotations

from ..documents import Block, BlockKind, Section


class SectionBuilder:
    def __init__(self) -> None:
        self._done: list[Section] = []
        self.title, self.level = "", 0
        self.blocks: list[Block] = []

    def heading(self, title: str, level: int) -> None:
        """Close the current section and open one under this heading."""
        self._close()
        self.title, self.level = title, level

    def sections(self) -> tuple[Section, ...]:
        self._close()
        return tuple(self._done)

    def lead(self, start: int, label: str) -> None:
        """Put a label (an admonition's "**Note:**") before the blocks added since
        `start`: in front of a first paragraph, else as a paragraph of its own."""
        first = self.blocks[start] if len(self.blocks) > start else None
        if first is not None and first.kind is BlockKind.PARAGRAPH:
            text = f"{label} {first.text}" if label else first.text
            self.blocks[start] = Block(BlockKind.PARAGRAPH, text)
        elif label:
            self.blocks.insert(start, Block(BlockKind.PARAGRAPH, label))

    def _close(self) -> None:
        if self.blocks or self.level:
            self._done.append(Section(self.title, self.level, tuple(self.blocks)))
        self.blocks = []
