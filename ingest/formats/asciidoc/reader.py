"""AsciiDoc, read structurally: section titles, paragraphs, lists, `|===` tables,
listing/literal blocks, quotes and admonitions; inline markup is read by
`inline`.

No maintained Python parser fits: asciidoc-py converts to HTML only with external
highlighters (a `[source]` block comes out empty without them), reads the document
title only into its page header and renders admonitions as layout tables; Asciidoctor
is Ruby. The line structure of AsciiDoc is regular enough to read directly.
`include::` is never followed: a document cannot pull in files from elsewhere.
Conditional directives (`ifdef::x[]` ... `endif::[]`) are dropped and the text of
both branches kept: what decides them is often set outside the document (by an
included file or the build), and a reader may be shown either.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from ...documents import Block, BlockKind, Outline, Section
from ..sections import SectionBuilder
from ..text import decode
from .callouts import fold_callouts
from .context import (
    ATTRIBUTE_ENTRY,
    FENCE,
    ConditionalLine,
    Context,
    block_kind,
    closing,
    delimiter,
    entry_value,
    header_attributes,
    preprocessed,
    section_title,
    set_attribute,
)
from .inline import substitute_attributes
from .tables import read_table

_BLOCK_ATTRIBUTES = re.compile(r"\[\[?[^\[\]]*\]\]?$")  # [source,yaml], [[anchor]], [#id]
_BLOCK_TITLE = re.compile(r"\.([^.\s].*)$")
_ADMONITIONS = ("NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION")
_ADMONITION = re.compile(rf"({'|'.join(_ADMONITIONS)}):\s+(.*)$")
# A list item may be indented; an indented line that is no list item is a literal.
_LIST_ITEM = re.compile(r"[ \t]*(\*{1,5}|-|\.{1,5}|\d+\.)\s+(.*)$")
_CALLOUT = re.compile(r"<(\d+|\.)>\s+(.*)$")  # explains the marked line of a listing above
_DESCRIPTION = re.compile(r"(.+?)(:{2,4}|;;)(?:\s+(.*))?$")
_MACRO = re.compile(r"(include|image|toc|video|audio)::[^\[]*\[.*\]$")
_IMAGES_ONLY = re.compile(r"(?:\s*image:[^\s\[]+\[[^\]]*\])+\s*")
_EMAIL_IN_BRACKETS = re.compile(r"<([^<>\s]+@[^<>\s]+)>")  # an author's address
_BREAK = re.compile(r"'{3,}|<{3,}|([-*_])( *)\1\2\1")  # thematic and page breaks


def read(data: bytes, attributes: Mapping[str, str] | None = None) -> Outline:
    """The document; `attributes` are those it inherits, which its own entries change."""
    lines = preprocessed(decode(data).splitlines())
    reader = _Reader(lines, Context(lines, attributes))
    reader.read()
    return Outline(reader.sections(), title=reader.doc_title or None,
                   metadata=header_attributes(lines))


def _starts_block(line: str) -> bool:
    """A line that ends the paragraph above it, as in Asciidoctor."""
    return bool(delimiter(line) or _BLOCK_ATTRIBUTES.match(line.strip()))


class _Reader:
    def __init__(self, lines: list[str], context: Context) -> None:
        self.lines = lines
        self.i = 0
        self.doc_title = ""
        self._context = context
        self._inline = context.inline
        self._out = SectionBuilder()
        self._attributes = ""  # the `[...]` line before the next block

    def sections(self) -> tuple[Section, ...]:
        return self._out.sections()

    def _add(self, kind: BlockKind, text: str, language: str = "") -> None:
        if text.strip():
            self._out.blocks.append(Block(kind, text.strip("\n"), language=language))

    def read(self) -> None:
        while self.i < len(self.lines):
            line = self.lines[self.i].rstrip()
            self.i += 1
            if not line or line.startswith("//") and not line.startswith("////"):
                continue
            if line == "+":
                continue  # attaches what follows to a list item; it is read as a block here
            opens = delimiter(line)
            if opens:
                self._delimited(opens)
            elif line.startswith("|==="):
                self._table()
            elif title := section_title(line):
                self._heading(*title)
                if title[0] == 1 and self.i == 1 + self._leading_lines():
                    self._header()
            elif entry := ATTRIBUTE_ENTRY.match(line):
                self._attribute_entry(entry, self.lines[self.i - 1])
            elif _MACRO.match(line) or _BREAK.fullmatch(line):
                continue
            elif _BLOCK_ATTRIBUTES.match(line):
                self._attributes = line[1:-1]
                continue
            elif (block_title := _BLOCK_TITLE.match(line)) and not _LIST_ITEM.match(line):
                self._add(BlockKind.PARAGRAPH,
                          f"**{self._inline.text(block_title[1], links=False)}**")
                continue
            elif (_LIST_ITEM.match(line) or _CALLOUT.match(line)
                  or _DESCRIPTION.match(line) and not line.startswith(" ")):
                self._list(line)
            elif line.startswith((" ", "\t")) or self._style() in ("source", "listing",
                                                                    "literal"):
                self._add(BlockKind.CODE, "\n".join(self._paragraph_lines(line, verbatim=True)),
                          self._language())
            else:
                self._paragraph(line)
            self._attributes = ""

    def _leading_lines(self) -> int:
        """Blank and comment lines before the first line: a document title there opens
        the header."""
        return next((n for n, line in enumerate(self.lines)
                     if line.strip() and not line.startswith("//")), 0)

    def _header(self) -> None:
        """The lines under the document title up to a blank line: attribute entries,
        and the author and revision lines, kept as a paragraph."""
        byline = []
        while self.i < len(self.lines) and self.lines[self.i].strip():
            line = self.lines[self.i]
            self.i += 1
            if entry := ATTRIBUTE_ENTRY.match(line.rstrip()):
                self._attribute_entry(entry, line)
            elif not line.startswith("//"):
                byline.append(self._inline.text(_EMAIL_IN_BRACKETS.sub(r"\1", line)))
        self._add(BlockKind.PARAGRAPH, " ".join(byline))

    def _attribute_entry(self, entry: re.Match[str], line: str) -> None:
        value, self.i = entry_value(entry, self.lines, self.i)
        set_attribute(self._context.attributes, entry, value, isinstance(line, ConditionalLine))

    def _heading(self, level: int, title: str) -> None:
        title = self._inline.text(title, links=False)
        if level == 1 and not self.doc_title:
            self.doc_title = title
        self._out.heading(title, level)

    def _positional(self) -> list[str]:
        return [a.strip() for a in self._attributes.split(",")] if self._attributes else []

    def _style(self) -> str:
        """The block style, `source` of `[source#id.role%option,yaml]`."""
        first = self._positional()[:1]
        return re.split(r"[#.%]", first[0], maxsplit=1)[0] if first else ""

    def _language(self) -> str:
        positional = self._positional()
        named = dict(re.findall(r'(\w+)="?([^",]*)"?', self._attributes))
        if len(positional) > 1 and self._style() in ("source", "") and "=" not in positional[1]:
            return positional[1]
        return named.get("language") or (self._context.attributes.get("source-language", "")
                                         if self._style() == "source" else "")

    def _paragraph_lines(self, first: str, verbatim: bool = False) -> list[str]:
        lines = [first]
        while self.i < len(self.lines) and self.lines[self.i].strip():
            line = self.lines[self.i].rstrip()
            if not verbatim and _starts_block(line):
                break
            self.i += 1
            if verbatim or not line.startswith("//"):
                lines.append(line)
        if verbatim:
            indent = min(len(x) - len(x.lstrip()) for x in lines)
            lines = [x[indent:] for x in lines]
        return lines

    def _paragraph(self, first: str) -> None:
        # A line ending in " +" is a hard line break; in a paragraph it reads as a space.
        lines = [re.sub(r"\s\+$", "", x) for x in self._paragraph_lines(first)]
        source = " ".join(" ".join(x.split()) for x in lines)
        if _IMAGES_ONLY.fullmatch(source):
            return  # badges and pictures: their alt text is no prose to search
        text = self._inline.text(source)
        admonition = _ADMONITION.match(text)
        style = self._style()
        if admonition:
            text = f"**{admonition[1].capitalize()}:** {admonition[2]}"
        elif style in _ADMONITIONS:
            text = f"**{style.capitalize()}:** {text}"
        elif style in ("quote", "verse"):
            self._add(BlockKind.QUOTE, f"> {text}")
            return
        self._add(BlockKind.PARAGRAPH, text)

    def _list(self, first: str) -> None:
        # Each item as what leads it ("1. ", "- **term** ") and its source text, read once
        # whole: a link's text may run onto the item's next line.
        items: list[list[str]] = []
        callouts: list[tuple[str, int]] = []  # (mark, item)
        line = first
        while True:
            if item := _LIST_ITEM.match(line):
                marker = item[1]
                depth = len(marker) - 1 if marker[0] in "*." else 0
                bullet = "1." if marker[0] == "." or marker[0].isdigit() else "-"
                items.append([f"{'  ' * depth}{bullet} ", item[2]])
            elif callout := _CALLOUT.match(line):
                callouts.append((callout[1], len(items)))
                items.append([f"- ({callout[1]}) ", callout[2]])
            elif (term := _DESCRIPTION.match(line)) and not line.startswith(" "):
                items.append([f"- **{self._inline.text(term[1], links=False)}** ", term[3] or ""])
            elif line == "+" or not line.strip() or line.startswith("//"):
                pass
            elif items:
                items[-1][1] += " " + re.sub(r"\s\+$", "", line)  # continued
            if self.i >= len(self.lines):
                break
            line = self.lines[self.i].rstrip()
            following = self.lines[self.i + 1].rstrip() if self.i + 1 < len(self.lines) else ""
            # A callout list and the list after it are two lists, even one blank line apart.
            same_kind = _CALLOUT if _CALLOUT.match(first) else _LIST_ITEM
            blank_then_item = not line and same_kind.match(following)
            # A block attached to an item (after `+`) is read as a block of its own.
            if (not line and not blank_then_item or _starts_block(line) or section_title(line)
                    or _BLOCK_TITLE.match(line) and not _LIST_ITEM.match(line)):
                break
            self.i += 1
        texts = [f"{lead}{self._inline.text(raw)}".rstrip() for lead, raw in items]
        explained = [(mark, self._inline.text(items[i][1])) for mark, i in callouts]
        if not (callouts and len(callouts) == len(items) and self._fold(explained)):
            self._add(BlockKind.LIST, "\n".join(texts))

    def _fold(self, callouts: list[tuple[str, str]]) -> bool:
        """Fold a callout list into the listing above it (see `callouts`)."""
        listing = self._out.blocks[-1] if self._out.blocks else None
        if listing is None or listing.kind is not BlockKind.CODE:
            return False
        folded = fold_callouts(listing.text, listing.language, callouts)
        if folded is not None:
            self._out.blocks[-1] = replace(listing, text=folded)
        return folded is not None

    def _body(self, closing: str) -> list[str]:
        body: list[str] = []
        while self.i < len(self.lines) and self.lines[self.i].rstrip() != closing:
            body.append(self.lines[self.i])
            self.i += 1
        self.i += 1  # the closing delimiter
        return body

    def _delimited(self, opens: str) -> None:
        kind = block_kind(opens)
        style = self._style()
        body = self._body(closing(opens))
        if kind in ("listing", "literal"):
            code = "\n".join(body)
            if "attributes" in (dict(re.findall(r'(\w+)="?([^"]*)"?', self._attributes))
                                .get("subs", "")):
                code = substitute_attributes(code, self._context.attributes)
            fenced = opens.removeprefix(FENCE) if opens.startswith(FENCE) else ""
            self._add(BlockKind.CODE, code, fenced or self._language())
        elif kind == "quote":
            self._add(BlockKind.QUOTE, "\n".join(f"> {self._inline.text(x)}" for x in body
                                                 if x.strip()))
        elif kind == "pass":
            from ..html import fragment_text

            self._add(BlockKind.PARAGRAPH, fragment_text("\n".join(body)))
        elif kind in ("example", "sidebar", "open"):
            # Read the inside as ordinary content; an admonition block gets its label.
            start = len(self._out.blocks)
            inner = _Reader(body, self._context)
            inner.read()
            for section in inner.sections():
                self._out.blocks.extend(section.blocks)
            if style in _ADMONITIONS:
                self._out.lead(start, f"**{style.capitalize()}:**")
        # comment blocks carry no text

    def _table(self) -> None:
        table = read_table(self._body("|==="), self._attributes, self._inline.text)
        if table is not None:
            self._out.blocks.append(table)
