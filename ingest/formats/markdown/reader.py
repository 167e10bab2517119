"""Markdown, MDX and docs-site dialects, read with markdown-it-py and mdit-py-plugins.

Front matter (YAML `---` or TOML `+++`) is metadata, never content; its `title` names
a document without an H1. Admonitions (`:::note Title`, `!!! note`) keep their text
under a bold label. MDX `import`/`export` lines, JSX tags and HTML comments are
dropped; other HTML is read as text. Tables become header and trimmed cells.
"""

from __future__ import annotations

import re
import textwrap
import tomllib
from datetime import date, time
from typing import TYPE_CHECKING, Any

from ...documents import Block, BlockKind, Outline, Section
from ..sections import SectionBuilder
from ..text import decode
from .myst import CODE, NO_TEXT, Directive, directive
from .shortcodes import hugo_shortcodes
from .tabs import content_tabs, tab_labels

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

# MDX module lines: `import X from '...'`, `export const ...`. A shell `export A=1`
# is not one of them.
_MDX_LINE = re.compile(r"(import\s.+\sfrom\s+['\"]|import\s+['\"]|export\s+(default|const|"
                       r"let|var|function|class|\{))")
_ADMONITION_INFO = re.compile(r"\{?(?P<kind>[A-Za-z][\w-]*)\}?\s*(?:\[(?P<bracket>[^\]]*)\])?\s*"
                              r"(?P<rest>.*)")
_LISTS = {"bullet_list", "ordered_list"}
# [text][label], [text][] and [label] (a shortcut), not an image and not [text](url)
_REFERENCE_LINK = re.compile(r"(?<![!\\\]])\[([^\[\]\n]+)\](?:\[([^\[\]\n]*)\]|(?![(:\[]))")
_HEADING_ID = re.compile(r"\s*\{#[\w:.-]+\}\s*$")  # `## Title {#custom-id}`


def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.admon import admon_plugin
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    # Docusaurus admonitions are `:::kind Title` or `:::kind[Title]`: any kind word opens one.
    return (MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
            .use(admon_plugin)
            .use(container_plugin, "admonition",
                 validate=lambda params, *_: bool(_ADMONITION_INFO.match(params.strip()))))


def read(data: bytes) -> Outline:
    return read_markdown(decode(data))


def read_markdown(text: str) -> Outline:
    """The outline of a Markdown text."""
    from markdown_it.tree import SyntaxTreeNode

    metadata, text = _toml_front_matter(text)
    text = content_tabs(hugo_shortcodes(text))
    lines = text.splitlines()
    env: dict[str, Any] = {}
    tokens = _parser().parse(text, env)
    reader = _Reader(lines, env.get("references", {}))
    for node in SyntaxTreeNode(tokens).children:
        if node.type == "front_matter":
            metadata = _yaml(node.content)
        else:
            reader.node(node)
    title = metadata.get("title") or None
    sections = reader.sections()
    if title and not any(s.level == 1 for s in sections):
        # Docs sites show the front matter title as the page's H1: so does the outline.
        preamble = sections[0].blocks if sections and sections[0].level == 0 else ()
        sections = (Section(title, 1, preamble), *sections[1 if preamble else 0:])
    return Outline(sections, title=title, metadata=metadata)


class _Reader:
    """Walks the top-level nodes, opening a section at every heading."""

    def __init__(self, lines: list[str], references: dict[str, dict[str, Any]]) -> None:
        self._lines = lines
        self._references = references  # label -> its `[label]: url` definition
        self._out = SectionBuilder()

    def sections(self) -> tuple[Section, ...]:
        return self._out.sections()

    def _add(self, kind: BlockKind, text: str) -> None:
        if self._references:
            text = _REFERENCE_LINK.sub(self._inline_link, text)
        if text.strip():
            self._out.blocks.append(Block(kind, text))

    def _inline_link(self, match: re.Match[str]) -> str:
        """`[text][label]` as `[text](url)`: the definition line is not in the text."""
        from markdown_it.common.utils import normalizeReference

        label = match[2] or match[1]
        definition = self._references.get(normalizeReference(label))
        return f"[{match[1]}]({definition['href']})" if definition else match[0]

    def _source(self, node: SyntaxTreeNode) -> str:
        first, last = node.map or (0, 0)
        return textwrap.dedent("\n".join(self._lines[first:last])).strip("\n")

    def node(self, node: SyntaxTreeNode) -> None:
        kind = node.type
        if kind == "heading":
            self._out.heading(heading_text(node.children[0]), int(node.tag[1]))
        elif kind == "paragraph":
            self._add(BlockKind.PARAGRAPH, _paragraph(node))
        elif kind in _LISTS:
            self._add(BlockKind.LIST, _collapse_spaces(self._source(node)))
        elif kind == "blockquote":
            self._add(BlockKind.QUOTE, _collapse_spaces(self._source(node)))
        elif kind == "fence" and (found := directive(node.info, node.content)):
            self._directive(found)
        elif kind in ("fence", "code_block"):
            language = node.info.strip().split(maxsplit=1)[0] if node.info.strip() else ""
            self._out.blocks.append(Block(BlockKind.CODE, node.content, language=language))
        elif kind == "table":
            self._out.blocks.append(_table(node))
        elif kind == "html_block":
            from ..html import fragment_text

            text = fragment_text(node.content)
            labels = tab_labels(node.content)
            self._add(BlockKind.PARAGRAPH, text or " ".join(f"**{x}**" for x in labels))
        elif kind in ("container_admonition", "admonition"):
            self._admonition(node)
        # hr and anything unknown carries no text

    def _directive(self, found: Directive) -> None:
        """A MyST directive: code as code, a note or a tab as its label over its body
        read as Markdown, a table of contents or a picture as nothing."""
        if found.name in CODE:
            language = found.argument.split(maxsplit=1)[0] if found.argument else ""
            self._out.blocks.append(Block(BlockKind.CODE, found.body, language=language))
        elif found.name not in NO_TEXT:
            start = len(self._out.blocks)
            for section in read_markdown(found.body).sections:
                self._out.blocks.extend(section.blocks)
            self._out.lead(start, found.label)

    def _admonition(self, node: SyntaxTreeNode) -> None:
        children = list(node.children)
        if node.type == "admonition":
            kind = str(node.meta.get("tag", "note"))
            title = ""
            if children and children[0].type == "admonition_title":
                title = heading_text(children.pop(0).children[0])
        else:
            match = _ADMONITION_INFO.match(node.info.strip())
            kind = match["kind"] if match else "note"
            title = ((match["bracket"] or match["rest"]) if match else "").strip()
        label = f"**{kind.capitalize()}: {title}**" if title else f"**{kind.capitalize()}:**"
        start = len(self._out.blocks)
        for child in children:
            self.node(child)
        self._out.lead(start, label)


def _paragraph(node: SyntaxTreeNode) -> str:
    inline = node.children[0] if node.children else None
    if inline is None:
        return ""
    content = inline.content
    lines = [line for line in content.splitlines() if line.strip()]
    if lines and all(_MDX_LINE.match(line.strip()) for line in lines):
        return ""  # MDX imports and exports: build instructions, not prose
    if all(c.type in ("image", "softbreak") or c.type == "text" and not c.content.strip()
           for c in inline.children):
        return ""  # a picture alone: its file name and alt text are not prose to search
    html = [c.content for c in inline.children if c.type == "html_inline"]
    if not html:
        return _collapse_spaces(content)
    if content.lstrip().startswith("<"):
        from ..html import fragment_text  # a JSX or HTML element written as a paragraph

        # What is left of JSX attribute expressions ({, }>) is not text either.
        return " ".join(fragment_text(content).replace("{", " ").replace("}", " ")
                        .replace(">", " ").split())
    return _collapse_spaces(_without_html(inline))


def _without_html(inline: SyntaxTreeNode) -> str:
    """Inline source without its HTML tags and JSX components, which carry no text."""
    content = inline.content
    for child in inline.children:
        if child.type == "html_inline":
            content = content.replace(child.content, "", 1)
    return content


def _table(node: SyntaxTreeNode) -> Block:
    header: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = []
    for part in node.children:  # thead, tbody
        for row in part.children:
            cells = tuple(inline_cell(cell) for cell in row.children)
            if part.type == "thead":
                header = cells
            else:
                rows.append(cells)
    return Block(BlockKind.TABLE, header=header, rows=tuple(rows))


def inline_cell(cell: SyntaxTreeNode) -> str:
    return " ".join(cell.children[0].content.split()) if cell.children else ""


def heading_text(inline: SyntaxTreeNode) -> str:
    """A heading as a reader sees it, and as a citation names it: the words of its links,
    code and emphasis, without their marks, HTML tags, images or a `{#id}` attribute."""
    def words(node: SyntaxTreeNode) -> str:
        if node.type in ("text", "code_inline"):
            return node.content
        if node.type in ("softbreak", "hardbreak"):
            return " "
        if node.type in ("html_inline", "image"):
            return ""
        return "".join(words(child) for child in node.children)

    return " ".join(_HEADING_ID.sub("", words(inline)).split())


def _collapse_spaces(text: str) -> str:
    # Generated docs pad text with long runs of spaces; inside a line they mean nothing.
    return "\n".join(line[:len(line) - len(line.lstrip())] + " ".join(line.split())
                     for line in text.splitlines())


def _yaml(source: str) -> dict[str, str]:
    import yaml

    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError:
        return {}
    return _flat(data)


def _toml_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Hugo-style `+++` TOML front matter, which the front_matter plugin does not know."""
    if not text.startswith("+++\n"):
        return {}, text
    end = text.find("\n+++", 4)
    if end < 0:
        return {}, text
    try:
        data: Any = tomllib.loads(text[4:end])
    except tomllib.TOMLDecodeError:
        return {}, text
    rest = text[end + 4:]
    return _flat(data), rest.split("\n", 1)[1] if "\n" in rest else ""


def _flat(data: Any) -> dict[str, str]:
    """Front matter fields as one-line text: a date in ISO form, a list of plain values
    joined with ", "; nested tables are left out."""
    if not isinstance(data, dict):
        return {}
    flat = {str(k): _scalar(v) for k, v in data.items()}
    flat.update({str(k): ", ".join(_scalar(x) for x in v) for k, v in data.items()
                 if isinstance(v, list) and all(_scalar(x) is not None for x in v)})
    return {k: v for k, v in flat.items() if isinstance(v, str)}


def _scalar(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, str | int | float):
        return " ".join(str(value).split())
    return None
