"""HTML through selectolax (the lexbor engine): headings open sections; paragraphs,
lists, tables, `pre` code and quotes become blocks. Navigation, scripts and styles
carry no document text and are left out, and so is what lies outside a page's one
`main` region. Inline tags give their text (entities
decoded), a link to a web page becomes `[text](url)`, and the permalink mark a site
generator puts beside a heading (`¶`, `#`) is dropped."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..documents import Block, BlockKind, Outline, Section
from .links import markdown_link
from .sections import SectionBuilder
from .text import decode

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

_SKIP = {"script", "style", "noscript", "template", "nav", "footer", "svg", "head", "iframe",
         "button", "form", "select", "-comment"}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "search"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_LISTS = {"ul", "ol", "dl"}
_MARKER = re.compile(r"[\W_]*|\[?\d{1,3}\]?")
_LINE_NUMBERS = re.compile(r"[\d\s]*")  # a highlighter's column of line numbers
_LINE_TAGS = {"p", "div", "li", "dt", "dd", "tr", "blockquote", "section", "article", "pre",
              "table", "figure", "figcaption", *_LISTS, *_HEADINGS}
_INLINE = {"-text", "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn",
           "em", "i", "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span",
           "strong", "sub", "sup", "time", "u", "var", "wbr"}


def read(data: bytes) -> Outline:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(decode(data))
    title_node = tree.css_first("title")
    title = " ".join(title_node.text().split()) if title_node else ""
    reader = _Reader()
    # A page's one main region is its document; around it are site headers, sidebars
    # and "skip to content" links that repeat on every page.
    mains = tree.css("main, [role=main]")
    content = mains[0] if len(mains) == 1 else tree.body
    if content is not None:
        reader.walk(content)
    return Outline(reader.sections(), title=title or None)


def fragment_text(html: str) -> str:
    """The visible text of an HTML (or JSX) fragment, on one line; "" for a comment."""
    from selectolax.lexbor import LexborHTMLParser

    body = LexborHTMLParser(html).body
    return " ".join(_text(body).split()) if body is not None else ""


def _text(node: LexborNode, links: bool = False, verbatim: bool = False) -> str:
    """The visible text under `node`; with `links`, web links as Markdown links. Runs of
    white space are one space, as a browser shows them, unless `verbatim` (in `pre`)."""
    if node.tag == "-text":
        text = node.text_content or ""
        return text if verbatim else re.sub(r"[ \t\n\r\f]+", " ", text)
    if node.tag in _SKIP or _chrome(node):
        return ""
    if node.tag == "br":
        return "\n"
    text = "".join(_text(child, links, verbatim) for child in node.iter(include_text=True))
    if node.tag in _LINE_TAGS and not verbatim:
        return f"\n{text}\n"  # two paragraphs in a quote are two lines, not one word
    if node.tag == "a":
        href = (node.attributes.get("href") or "").strip()
        if href.startswith("#") and _MARKER.fullmatch(text.strip()):
            return ""  # a heading's permalink mark (¶, #) or a footnote's number
        if links and text.strip():
            return markdown_link(text, href)
    return text


class _Reader:
    def __init__(self) -> None:
        self._out = SectionBuilder()
        self._inline: list[str] = []  # loose text between blocks, e.g. in a bare div

    def sections(self) -> tuple[Section, ...]:
        self._flush()
        return self._out.sections()

    def _flush(self) -> None:
        self._add(BlockKind.PARAGRAPH, "".join(self._inline))
        self._inline = []

    def _add(self, kind: BlockKind, text: str) -> None:
        # Runs of spaces mean nothing in HTML; a nested list item keeps its indent.
        lines = (line[:len(line) - len(line.lstrip())] * (kind is BlockKind.LIST)
                 + " ".join(line.split()) for line in text.splitlines())
        text = "\n".join(line for line in lines if line.strip())
        if text:
            self._out.blocks.append(Block(kind, text))

    def walk(self, node: LexborNode) -> None:
        for child in node.iter(include_text=True):
            self._node(child)

    def _node(self, node: LexborNode) -> None:
        tag = node.tag
        if tag in _SKIP or _chrome(node):
            return
        if tag in _INLINE:
            self._inline.append(_text(node, links=True))
            return
        self._flush()
        if tag in _HEADINGS:
            self._out.heading(" ".join(_text(node).split()), _HEADINGS[tag])
        elif tag == "p":
            self._add(BlockKind.PARAGRAPH, _text(node, links=True))
        elif tag in _LISTS:
            self._add(BlockKind.LIST, "\n".join(_items(node, 0)))
        elif tag == "pre":
            self._code(node)
        elif tag == "blockquote":
            lines = _text(node, links=True).splitlines()
            self._add(BlockKind.QUOTE, "\n".join(f"> {line}" for line in lines if line.strip()))
        elif tag == "table" and node.css_first("pre") is not None:
            # A table around code is layout: highlighters put the line numbers in a
            # column of their own beside the code, which a table would run together.
            for pre in node.css("pre"):
                if not _LINE_NUMBERS.fullmatch(pre.text()):
                    self._code(pre)
        elif tag == "table":
            self._out.blocks.append(_table(node))
        elif "admonition" in _classes(node):
            self._admonition(node)
        else:  # div, section, article, main, details, figure...: look inside
            self.walk(node)
            self._flush()

    def _code(self, pre: LexborNode) -> None:
        self._out.blocks.append(Block(BlockKind.CODE, _text(pre, verbatim=True),
                                      language=_language(pre)))

    def _admonition(self, node: LexborNode) -> None:
        """A site generator's note box (Sphinx, MkDocs): its title leads its text, as
        "**Warning:** ...", the way Markdown and AsciiDoc admonitions read."""
        start = len(self._out.blocks)
        title = ""
        for child in node.iter(include_text=True):
            if "admonition-title" in _classes(child):
                title = " ".join(_text(child).split()).rstrip(":")
            else:
                self._node(child)
        self._flush()
        self._out.lead(start, f"**{title}:**" if title else "")


def _items(node: LexborNode, depth: int) -> list[str]:
    """List items as Markdown bullets, nested lists indented under their item."""
    lines: list[str] = []
    for item in node.iter():
        if item.tag not in ("li", "dt", "dd"):
            continue
        own = "".join(_text(c, links=True) for c in item.iter(include_text=True)
                      if c.tag not in _LISTS)
        own = " ".join(own.split())
        if own:
            lines.append(f"{'  ' * depth}- {own}")
        for sub in item.iter():
            if sub.tag in _LISTS:
                lines += _items(sub, depth + 1)
    return lines


def _chrome(node: LexborNode) -> bool:
    """A site's own furniture by its declared role (navigation, banner, footer, search)
    or a trail of breadcrumbs: the same on every page, and no part of this one."""
    attributes = node.attributes
    if not attributes:
        return False
    if (attributes.get("role") or "").lower() in _CHROME_ROLES:
        return True
    names = f"{attributes.get('id') or ''} {attributes.get('class') or ''}"
    return "breadcrumb" in names.lower() or \
        "breadcrumb" in (attributes.get("aria-label") or "").lower()


def _classes(node: LexborNode) -> set[str]:
    return set((node.attributes.get("class") or "").split())


# Where highlighters name a block's language: `language-yaml` on the code or a wrapper
# (Prism, MkDocs), `highlight-yaml` on Sphinx's wrapper, some levels up.
_LANGUAGE_CLASS = re.compile(r"(?:language|lang|highlight)-([\w+#.-]+)")
_NO_LANGUAGE = {"default", "none", "text", "plain", "plaintext"}
_LANGUAGE_LEVELS = 7  # from a `pre` in a line-numbered table up to Sphinx's wrapper


def _language(pre: LexborNode) -> str:
    candidates = [pre.css_first("code"), pre]
    parent = pre.parent
    for _ in range(_LANGUAGE_LEVELS):
        if parent is None:
            break
        candidates.append(parent)
        parent = parent.parent
    for candidate in candidates:
        if candidate is None:
            continue
        for name in _classes(candidate):
            found = _LANGUAGE_CLASS.fullmatch(name)
            if found and found[1] not in _NO_LANGUAGE:
                return found[1]
    return ""


def _table(node: LexborNode) -> Block:
    header: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = []
    for row in node.css("tr"):
        cells = [c for c in row.iter() if c.tag in ("th", "td")]
        values = tuple(" ".join(_text(c, links=True).split()) for c in cells)
        if not header and not rows and cells and all(c.tag == "th" for c in cells):
            header = values
        else:
            rows.append(values)
    return Block(BlockKind.TABLE, header=header, rows=tuple(rows))
