"""Plain text, and the decoding every text format shares.

Text is read only when its encoding is known with confidence; a guess that is not
confident skips the file with its reason rather than index mojibake:

1. valid UTF-8 (a byte order mark is dropped);
2. a UTF-16 or UTF-32 byte order mark, when the rest decodes cleanly as that encoding
   and reads as text (UTF-16 of any text has a zero byte somewhere: a space, a line
   end, a digit; bytes after `FF FE` that have none were never UTF-16);
3. Windows-1252 (a superset of Latin-1) when the text is mostly ASCII and every other
   byte is a letter or typographic punctuation there: Western European prose saved by
   an older editor. Short text is where statistical detection fails (a four-letter
   "caf\xe9" reads as Baltic), and this case is by far the most common;
4. otherwise charset-normalizer, when it finds an encoding with little noise in it.

Paragraphs, separated by blank lines, are the blocks.
"""

from __future__ import annotations

import codecs
import re

from ..documents import Block, BlockKind, Outline, Section
from ..errors import UnreadableDocument

_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Controls that no text editor writes; whitespace controls and ESC (a pasted terminal
# log) are left to `safe_text`, which strips them from what is indexed.
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
# Non-ASCII that Western European prose in Windows-1252 is made of.
_WESTERN = re.compile("[\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
                      "\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2026\u20ac"
                      "\u00a0\u00ab\u00bb\u00b0\u00a9\u00ae\u00b7\u00a7\u00bd\u00bc]")
_NON_ASCII_RUN = re.compile("[^\x00-\x7f]{3}")  # Western words mix in one or two
WESTERN_SHARE = 0.3  # at most this share of non-ASCII characters for step 3
MAX_CHAOS = 0.10  # charset-normalizer's "mess" ratio above which a guess is refused
MIN_COHERENCE = 0.2  # and the share of its text that reads as a known language


def decode(data: bytes) -> str:
    """Text with LF line ends and no BOM, or UnreadableDocument with the reason."""
    text = _decoded(data)
    text = text.lstrip("\ufeff")
    # Control characters that editors never write mean this is not prose; a few are
    # noise (and stripped later), many mean binary. The whole text is counted.
    controls = len(_BINARY_CONTROLS.findall(text))
    if controls > max(8, len(text) // 1000):
        raise UnreadableDocument("binary content in a text file")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadableDocument("empty file")
    return text


def _decoded(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _with_bom(data, bom, encoding)
    if b"\x00" in data[:8192]:  # a quick sniff; later zero bytes count as controls below
        raise UnreadableDocument("binary content in a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _western(data) or _detected(data, exc)


def _with_bom(data: bytes, bom: bytes, encoding: str) -> str:
    name = encoding.upper()
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise UnreadableDocument(
            f"starts with a {name} byte order mark but is not {name} text") from None
    body = data[len(bom):]
    if body and b"\x00" not in body or len(_BINARY_CONTROLS.findall(text)) > 8:
        raise UnreadableDocument(
            f"starts with a {name} byte order mark but does not read as {name} text")
    return text


def _western(data: bytes) -> str | None:
    """The text as Windows-1252 when that is the one reading that makes sense."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # a byte cp1252 leaves undefined
        return None
    others = [ch for ch in text if ord(ch) > 0x7F]
    if (len(others) > WESTERN_SHARE * len(text) or _NON_ASCII_RUN.search(text)
            or not all(_WESTERN.match(ch) for ch in others)):
        return None  # Cyrillic or Greek read as cp1252 gives runs of accented letters
    return text


def _detected(data: bytes, error: UnicodeDecodeError) -> str:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise UnreadableDocument(
            f"not valid UTF-8 text (byte {error.start}) and no other encoding fits")
    best, text = matches[0], str(matches[0])
    # Confident means: little noise, a known language, and no close rival that reads
    # the same bytes as other text (Russian in cp1251 also reads as Greek in cp1253).
    rivals = [m for m in matches[1:6] if m.chaos <= best.chaos + 0.05
              and m.coherence >= best.coherence - 0.1 and str(m) != text]
    if best.chaos > MAX_CHAOS or best.coherence < MIN_COHERENCE or rivals:
        raise UnreadableDocument(
            f"not valid UTF-8 text (byte {error.start}), and its encoding cannot be told "
            f"with confidence (best guess {best.encoding}); save it as UTF-8")
    return text


def paragraphs(text: str) -> tuple[Block, ...]:
    """Blank-line separated paragraphs, as blocks."""
    return tuple(Block(BlockKind.PARAGRAPH, part.strip("\n"))
                 for part in _PARAGRAPH.split(text) if part.strip())


def read(data: bytes) -> Outline:
    return Outline((Section("", 0, paragraphs(decode(data))),))
