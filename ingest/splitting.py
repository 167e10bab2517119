"""Cutting a block too big for one chunk: at row or line boundaries, then between words,
then inside a word that has no spaces. A split table repeats its header rows, a split
fence its opening line."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .documents import BlockKind

CountTokens = Callable[[str], int]  # word pieces in a text, as the model counts them

MIN_ROOM = 16  # word pieces (and characters) a part keeps for text whatever its header
_HEADING_LINE = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_FENCE_LINE = re.compile(r" {0,3}(```|~~~)")
_WORD_END = re.compile(r"(?<=\s)(?=\S)")


@dataclass(frozen=True)
class Piece:
    """A run of source text that must not be cut further (unless it alone is too big)."""

    start: int
    end: int
    text: str
    kind: BlockKind = BlockKind.PARAGRAPH
    continued: bool = False  # a later part of a split block: it starts a chunk of its own


@dataclass(frozen=True)
class Limits:
    tokens: int  # word pieces left for the text once the heading prefix is counted
    chars: int  # characters left likewise


def split_oversized(pieces: list[Piece], count_tokens: CountTokens,
                     limits: Limits) -> Iterator[tuple[Piece, int]]:
    for piece in pieces:
        n = count_tokens(piece.text) if len(piece.text) <= limits.chars else None
        if n is not None and n <= limits.tokens:
            yield piece, n
        else:
            yield from _split_lines(piece, count_tokens, limits)


def _block_header(piece: Piece, block: list[str]) -> list[str]:
    """The lines a part of a split block repeats: a table's header, a fence's opening."""
    if (len(block) > 2 and block[0].lstrip().startswith("|")
            and set(block[1].strip()) <= set("|:- ")):
        return block[:2]
    if piece.kind in (BlockKind.CODE, BlockKind.OTHER) and block and _FENCE_LINE.match(block[0]):
        return block[:1]
    return []


def _split_lines(piece: Piece, count_tokens: CountTokens,
                 limits: Limits) -> Iterator[tuple[Piece, int]]:
    """Split at line boundaries; a table repeats its header, a fence its opening line.

    A section heading at the start of the piece stays with the first part, and the
    block's own header is looked for after it. Counts are per line, summed, and the
    parts are sized evenly, so the last one is not a scrap.
    """
    lines = piece.text.splitlines(keepends=True)
    lead = 0
    if lines and _HEADING_LINE.match(lines[0]):
        lead = 1
        while lead < len(lines) and not lines[lead].strip():
            lead += 1
    block = lines[lead:]
    header = _block_header(piece, block)
    head_text = "".join(header)
    head_n = _pieces(count_tokens, head_text) if len(head_text) <= limits.chars else limits.tokens
    if head_n > limits.tokens // 2 or len(head_text) > limits.chars // 2:
        # A header that fills most of a chunk (a table of hundreds of columns) would leave
        # no room for rows: the parts go without it.
        header, head_text, head_n = [], "", 0
    first = "".join(lines[:lead]) + head_text  # what the first part starts with
    first_n = _pieces(count_tokens, first)
    line_room = Limits(max(limits.tokens - 2 - max(first_n, head_n), MIN_ROOM // 2),
                        max(limits.chars - max(len(first), len(head_text)), MIN_ROOM // 2))
    parts = [p for line in block[len(header):] for p in _split_words(line, count_tokens,
                                                                     line_room)]
    target = _even_share(sum(n for _, n in parts), line_room.tokens)
    offset = piece.start + len(first)
    group: list[str] = []
    size = chars = 0
    group_start = piece.start
    for part, n in parts:
        wordless = not has_words(part)  # a closing fence or brace stays with its block
        over = (first_n + size + n + 2 > limits.tokens
                or len(first) + chars + len(part) > limits.chars)
        if group and not wordless and (over or size >= target):
            yield (Piece(group_start, offset, (first + "".join(group)).rstrip(), piece.kind,
                          continued=group_start != piece.start), first_n + size + 2)
            group, size, chars, group_start = [], 0, 0, offset
            first, first_n = head_text, head_n
        if not group and not part.strip() and group_start != piece.start:
            offset += len(part)  # a part never starts with blank lines
            group_start = offset
            continue
        group.append(part)
        size += n
        chars += len(part)
        offset += len(part)
    if group:
        yield (Piece(group_start, min(offset, piece.end), (first + "".join(group)).rstrip(),
                      piece.kind, continued=group_start != piece.start), first_n + size + 2)


def _even_share(total: int, room: int) -> int:
    """The size of each of the fewest equal parts of `total` that fit `room`."""
    parts = max(1, -(-total // max(room, 1)))
    return -(-total // parts)


def _pieces(count_tokens: CountTokens, text: str) -> int:
    """Word pieces of `text` without the [CLS]/[SEP] pair, so counts of parts can be summed."""
    return count_tokens(text) - 2 if text.strip() else 0


def _split_words(line: str, count_tokens: CountTokens,
                 room: Limits) -> Iterator[tuple[str, int]]:
    """A line longer than the room (a huge paragraph) is cut between words into even
    parts, and a word longer than the room (a hash, a base64 blob) is cut inside."""
    n = _pieces(count_tokens, line) if len(line) <= room.chars * 4 else room.tokens + 1
    if n <= room.tokens and len(line) <= room.chars:
        yield line, n
        return
    words = []
    for word in _WORD_END.split(line):
        wn = _pieces(count_tokens, word) if len(word) <= room.chars else room.tokens + 1
        if wn > room.tokens or len(word) > room.chars:
            words += list(_hard_cut(word, count_tokens, room))
        else:
            words.append((word, wn))
    target = _even_share(sum(wn for _, wn in words), room.tokens)
    current, size = "", 0
    for word, wn in words:
        if current and (size + wn > room.tokens or len(current) + len(word) > room.chars
                        or size >= target):
            yield current, size
            current, size = "", 0
        current += word
        size += wn
    if current:
        yield current, size


def _hard_cut(word: str, count_tokens: CountTokens, room: Limits) -> Iterator[tuple[str, int]]:
    at = 0
    while at < len(word):
        size = min(room.chars, len(word) - at)
        while True:
            n = _pieces(count_tokens, word[at:at + size])
            if n <= room.tokens or size == 1:
                break
            size = max(1, min(size - 1, size * room.tokens // n))
        yield word[at:at + size], n
        at += size


def has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)
