"""What the blocks of one AsciiDoc document share: its lines without preprocessor
directives, its attributes, and the titles its cross references point to."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .inline import InlineReader, attribute_value

_TITLE = re.compile(r"(={1,6}|#{1,6})[ \t]+(\S.*)")
ATTRIBUTE_ENTRY = re.compile(r":(!?)(\w[\w-]*)(!?):(?:[ \t]+(.*))?$")
DELIMITERS = {"----": "listing", "....": "literal", "====": "example", "****": "sidebar",
              "____": "quote", "++++": "pass", "////": "comment", "--": "open"}
_VERBATIM = ("listing", "literal", "comment", "pass")
_BLOCK_ANCHOR = re.compile(r"\[\[([A-Za-z_:][\w:.-]*)(?:,\s*(.+))?\]\]$|\[[^\],]*?#([\w:.-]+)")
_TITLE_ANCHOR = re.compile(r"\[\[([A-Za-z_:][\w:.-]*)\]\]$")
_DIRECTIVE = re.compile(r"(\\)?(?:(ifn?def)|ifeval|endif|include)::[^\[]*\[(.*)\]$")


def section_title(line: str) -> tuple[int, str] | None:
    """The level and text of a section title line (`== Title`, `== Title ==`)."""
    title = _TITLE.fullmatch(line.rstrip())
    if title is None:
        return None
    marks, text = title[1], title[2]
    if text.endswith(f" {marks}"):  # symmetric marks close the title
        text = text[:-len(marks)].rstrip()
    return len(marks), text


# Asciidoctor also reads Markdown's fenced code: ```yaml opens a listing, ``` closes it.
FENCE = "```"
_FENCE_OPENING = re.compile(r"```[\w+#.-]*")


def delimiter(line: str) -> str | None:
    """The delimiter this line is, if it opens or closes a delimited block."""
    stripped = line.rstrip()
    if stripped == "--" or _FENCE_OPENING.fullmatch(stripped):
        return stripped
    if len(stripped) >= 4 and stripped[:4] in DELIMITERS and set(stripped) == {stripped[0]}:
        return stripped
    return None


def block_kind(opens: str) -> str | None:
    """The kind of block a delimiter opens: "listing", "example", ..."""
    return "listing" if opens.startswith(FENCE) else DELIMITERS.get(opens[:4]) or \
        DELIMITERS.get(opens)


def closing(opens: str) -> str:
    """The line that closes the block a delimiter opens: a fence closes bare."""
    return FENCE if opens.startswith(FENCE) else opens


class ConditionalLine(str):
    """A line inside a conditional (`ifdef::x[]` ... `endif::[]`), or the text of a
    one-line `ifdef::x[text]`: it may not apply where the document is published."""


def preprocessed(lines: list[str]) -> list[str]:
    """The lines without include and conditional directives, which apply anywhere,
    listing blocks included; a one-line `ifdef::x[text]` keeps its text."""
    kept: list[str] = []
    depth = 0
    for line in lines:
        directive = _DIRECTIVE.match(line.rstrip())
        if directive is None:
            kept.append(ConditionalLine(line) if depth else line)
        elif directive[1]:
            kept.append(line[1:])  # escaped: written to be shown
        elif directive[2] and directive[3]:
            kept.append(ConditionalLine(directive[3]))
        elif line.startswith("endif::"):
            depth = max(depth - 1, 0)
        elif not line.startswith("include::"):
            depth += 1
    return kept


def entry_value(entry: re.Match[str], lines: Sequence[str], after: int) -> tuple[str, int]:
    """An attribute entry's value, carried on over the lines after it (at `after`) while
    it ends in ` \\`, and the index of the first line past it."""
    value = entry[4] or ""
    while value.endswith(" \\") and after < len(lines):
        value = value[:-2] + " " + lines[after].strip()
        after += 1
    return value, after


def set_attribute(attributes: dict[str, str], entry: re.Match[str], value: str,
                  conditional: bool = False) -> None:
    """Apply one `:name: value` (or `:name!:`) entry; the value's own references resolve.
    An entry in a conditional only sets what is not set yet: both branches of every
    conditional are read, and the first value is the one a plain build shows."""
    name = entry[2].lower()
    if conditional and (name in attributes or entry[1] or entry[3]):
        return
    if entry[1] or entry[3]:
        attributes.pop(name, None)
    else:
        attributes[name] = attribute_value(value.strip(), attributes)


class Context:
    def __init__(self, lines: list[str], inherited: Mapping[str, str] | None = None) -> None:
        # What the document inherits (its docs component's attributes), then its own.
        self.attributes: dict[str, str] = dict(inherited or {})
        _read_header(lines, self.attributes)
        self._anchors = _anchor_titles(lines)
        self._resolving: set[str] = set()
        self.inline = InlineReader(self.attributes, self._anchor_text)

    def _anchor_text(self, target: str) -> str | None:
        page, _, anchor = target.partition("#")
        title = self._anchors.get(anchor if anchor else page) if not (anchor and page) else None
        if title is None or target in self._resolving:
            return None
        self._resolving.add(target)  # a title that refers to itself
        try:
            return self.inline.text(title, links=False)
        finally:
            self._resolving.discard(target)


def header_attributes(lines: list[str]) -> dict[str, str]:
    """The attributes the document's own header sets: its metadata, as front matter is
    a Markdown page's (`:status: accepted` on a decision record)."""
    attributes: dict[str, str] = {}
    _read_header(lines, attributes)
    return attributes


def _read_header(lines: list[str], attributes: dict[str, str]) -> None:
    """The header's attribute entries, which apply to the document title above them."""
    seen_title = False
    for line in lines:
        stripped = line.rstrip()
        if entry := ATTRIBUTE_ENTRY.match(stripped):
            set_attribute(attributes, entry, entry[4] or "", isinstance(line, ConditionalLine))
        elif not stripped:
            if seen_title:
                return
        elif stripped.startswith("//"):
            continue
        elif not seen_title and stripped.startswith("= "):
            seen_title = True
        elif not seen_title:
            return


def _anchor_titles(lines: list[str]) -> dict[str, str]:
    """Section ids (explicit, and generated as Asciidoctor does) -> section title."""
    titles: dict[str, str] = {}
    pending: list[tuple[str, str]] = []
    verbatim = None
    for line in lines:
        stripped = line.strip()
        opens = delimiter(stripped)
        if verbatim:
            verbatim = None if stripped == verbatim else verbatim
        elif opens and block_kind(opens) in _VERBATIM:
            verbatim = closing(opens)
        elif anchor := _BLOCK_ANCHOR.match(stripped):
            pending.append((anchor[1] or anchor[3], anchor[2] or ""))
        elif title := section_title(stripped):
            text = title[1]
            if inline_id := _TITLE_ANCHOR.search(text):
                pending.append((inline_id[1], ""))
                text = text[:inline_id.start()].rstrip()
            for anchor_id, reftext in pending:
                titles[anchor_id] = reftext or text
            generated = re.sub(r"\W+", "_", text.lower()).strip("_")
            titles.setdefault(f"_{generated}", text)
            pending = []
        elif stripped:
            titles.update((i, r) for i, r in pending if r)
            pending = []
    return titles
