"""Plain text, and the decoding every text format shares.

UTF-8 first (a byte order mark is dropped); other encodings are detected with
charset-normalizer. Paragraphs, separated by blank lines, are the blocks.
"""

from __future__ import annotations

import codecs
import re

from ..documents import Block, BlockKind, Outline, Section
from ..errors import UnreadableDocument

_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode(data: bytes) -> str:
    """Text with LF line ends and no BOM, or UnreadableDocument with the reason."""
    if data.startswith(_UTF16_BOMS):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data[:8192]:
        raise UnreadableDocument("binary content in a text file")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            text = _detected(data, exc)
    text = text.lstrip("\ufeff")
    # Control characters other than whitespace mean this is not prose.
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 8:
        raise UnreadableDocument("binary content in a text file")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadableDocument("empty file")
    return text


def _detected(data: bytes, error: UnicodeDecodeError) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableDocument(
            f"not valid UTF-8 text (byte {error.start}) and no other encoding fits")
    return str(best)


def paragraphs(text: str) -> tuple[Block, ...]:
    """Blank-line separated paragraphs, as blocks."""
    return tuple(Block(BlockKind.PARAGRAPH, part.strip("\n"))
                 for part in _PARAGRAPH.split(text) if part.strip())


def read(data: bytes) -> Outline:
    return Outline((Section("", 0, paragraphs(decode(data))),))
