"""Text that cannot drive a terminal: pure functions over strings.

A document, a file name or a question may carry bytes a terminal obeys: ESC sequences
that clear the screen, hide text, set the window title or plant a link; carriage
returns that overwrite a line; bidi overrides that show text in another order than it
reads. Ingest removes them from what it stores (`strip_controls`); every front end
escapes whatever is left where it prints (`escape_controls`), so an index written by
an older version cannot reach the screen either.

Unsafe here: C0 controls other than tab and newline, DEL, C1 controls, the bidi
embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), and lone surrogates
(which no encoder writes).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .documents import Block, Outline

_UNSAFE_CLASS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
_UNSAFE_ONE_LINE = re.compile(f"[\t\n{_UNSAFE_CLASS}]")
# Whole terminal sequences go at once, so no "[2J" is left behind in the text:
# CSI (ESC [ ... final), a terminated OSC / DCS / APC / PM string on one line (ESC ]
# ... BEL or ESC \: a title, a hyperlink), and any other two-character escape.
_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]P^_X][^\x07\x1b\x9c\n]{0,2048}(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[@-Z\\-~]?"
)
# Controls that separate lines or pages become line breaks, not glued words.
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85]")
# Invalid UTF-8 bytes in a file name arrive as these surrogates (surrogateescape).
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def strip_controls(text: str) -> str:
    """`text` without terminal sequences and unsafe characters; line ends become LF."""
    if not _UNSAFE.search(text):
        return text
    text = _LINE_BREAKS.sub("\n", text)
    text = _SEQUENCE.sub("", text)
    return _UNSAFE.sub("", text)


def has_controls(text: str) -> bool:
    return _UNSAFE.search(text) is not None


def escape_controls(text: str, one_line: bool = False) -> str:
    """Every unsafe character as a visible `\\uXXXX` escape (tab and newline too when
    `one_line`). The escape is also valid inside a JSON string, so JSON stays exact."""
    pattern = _UNSAFE_ONE_LINE if one_line else _UNSAFE
    return pattern.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def display_name(name: str) -> str:
    """A file name that prints safely on one line and encodes as UTF-8: an invalid
    byte shows as `\\xNN`, a control or bidi character as `\\uXXXX`."""
    name = _ESCAPED_BYTE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", name)
    return escape_controls(name, one_line=True)


def clean_outline(outline: Outline) -> Outline:
    """The outline with `strip_controls` applied to every heading, block and title."""

    def block(b: Block) -> Block:
        return replace(b, text=strip_controls(b.text), language=strip_controls(b.language),
                       header=tuple(strip_controls(c) for c in b.header),
                       rows=tuple(tuple(strip_controls(c) for c in r) for r in b.rows))

    sections = tuple(replace(s, title=strip_controls(s.title),
                             blocks=tuple(block(b) for b in s.blocks))
                     for s in outline.sections)
    title = strip_controls(outline.title) if isinstance(outline.title, str) else outline.title
    metadata = {strip_controls(k): strip_controls(v) if isinstance(v, str) else v
                for k, v in outline.metadata.items()}
    return Outline(sections, title, metadata)
