"""A section's passage (or a short document's): which of its chunks fit the budget, joined
back into readable text under the heading path they share."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ingest.chunk_table import SectionKey
from ingest.chunking import Chunk

from .chunk_rows import ChunkRows


@dataclass(frozen=True)
class Span:
    """Rows to read as one passage: a section's, or a short document's."""

    score: float
    best: int  # the best-scoring row, read first when the span is too long for its share
    rows: list[int]
    chars: int


def read_spans(sections: Sequence[tuple[SectionKey, float, int]], rows: ChunkRows, k: int,
               whole_chars: int) -> list[Span]:
    """The first k ranked sections (section, score, best row) as spans to read. A document
    of at most `whole_chars` is read whole, once, where its best section ranks: a short
    record's Status, Context and Decision come together, and its other sections leave
    their places to other documents."""
    spans: list[Span] = []
    whole: set[int] = set()  # files read whole
    for _, score, row in sections:
        if len(spans) == k:
            break
        file = int(rows.columns.file[row])
        if file in whole:
            continue
        if rows.file_chars(row) <= whole_chars:
            whole.add(file)
            spans.append(Span(score, row, rows.file_rows(row), rows.file_chars(row)))
        else:
            spans.append(Span(score, row, rows.section_rows(row), rows.section_chars(row)))
    return spans


def heading_path(chunks: Sequence[Chunk]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The heading path the chunks share, and the headings they hold below it (with the
    small sections merged chunks hold), in order."""
    path = chunks[0].section_path
    for chunk in chunks[1:]:
        same = 0
        while same < min(len(path), len(chunk.section_path)) and \
                path[same] == chunk.section_path[same]:
            same += 1
        path = path[:same]
    covers = dict.fromkeys(heading for c in chunks
                           for heading in (*c.section_path[len(path):], *c.covers))
    return path, tuple(covers)


def fair_shares(sizes: Sequence[int], budget: int) -> list[int]:
    """Split a character budget among passages: a section smaller than an equal share
    takes only what it needs, and what it leaves goes to the larger ones."""
    shares = [0] * len(sizes)
    left = budget
    order = sorted(range(len(sizes)), key=lambda i: sizes[i])
    for done, i in enumerate(order):
        shares[i] = min(sizes[i], left // (len(sizes) - done))
        left -= shares[i]
    return shares


def join_chunks(chunks: Sequence[Chunk]) -> str:
    """Chunk texts back into readable source order. Pieces of one split block rejoin on
    a new line, or with a space where a long line was cut between words; the header a
    split table or code block repeats (its header rows, its opening fence) is dropped.
    Chunks apart in the source are separate paragraphs."""
    text = chunks[0].text if chunks else ""
    for prev, chunk in zip(chunks, chunks[1:], strict=False):
        body = chunk.text
        if prev.end != chunk.start:
            # A code block left open before a gap ends there: what follows is not code.
            fence = _open_fence(prev.text)
            text += (f"\n{_closing(fence)}" if fence else "") + "\n\n" + body
            continue
        fence = _open_fence(prev.text)
        header = _table_header(prev.text) or fence
        if header and body.startswith(header):
            text += "\n" + body[len(header):].lstrip("\n")
        elif _STARTS_LINE.match(body) or fence:
            text += "\n" + body
        else:
            text += " " + body
    return text


# A split block's next piece starting with one of these was cut at a line boundary.
_STARTS_LINE = re.compile(r"\s*(?:[-*+]\s|\d+[.)]\s|\|)")
_FENCE = re.compile(r"^ {0,3}(?:`{3,}|~{3,}).*$", re.M)


def _table_header(text: str) -> str:
    """The header and rule lines of the last table in a chunk's text ("" if none); the
    chunk may begin with its section heading, so the table need not start it."""
    lines = text.splitlines()
    for i in range(len(lines) - 2, -1, -1):
        rule = lines[i + 1].strip()
        if lines[i].startswith("|") and rule.startswith("|") and set(rule) <= set("|:- "):
            return f"{lines[i]}\n{lines[i + 1]}"
    return ""


def _closing(fence: str) -> str:
    """The line that closes the code block `fence` opens ("```yaml" -> "```")."""
    marks = fence.strip()
    return marks[:len(marks) - len(marks.lstrip(marks[0]))]


def _open_fence(text: str) -> str:
    """The opening line of a code block the text leaves unclosed ("" if none)."""
    fences = _FENCE.findall(text)
    return fences[-1] if len(fences) % 2 else ""


def best_rows(rows: list[int], best: int, lengths: np.ndarray, scores: np.ndarray,
              budget: int) -> list[int]:
    """The whole section if it fits `budget` characters (`lengths`: each row's text), else
    its best chunk and then its other chunks by score (`scores`), best first, while they
    fit; in source order. A question's facts in a long section lie in the chunks that
    match it, which need not be next to the best one. Equal scores go to the chunk
    nearer the best one, so a passage without better clues stays one piece of text."""
    if sum(int(lengths[r]) for r in rows) <= budget:
        return rows
    at = rows.index(best)
    score = scores[rows]  # a chunk filtered out (-inf) comes last
    order = sorted(range(len(rows)), key=lambda i: (i != at, -score[i], abs(i - at), i))
    chosen: list[int] = []
    size = 0
    for i in order:
        extra = int(lengths[rows[i]]) + (2 if chosen else 0)
        if size + extra <= budget or i == at:  # the best chunk comes even when too long
            chosen.append(i)
            size += extra
    return [rows[i] for i in sorted(chosen)]
