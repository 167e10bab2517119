"""Checks a reader would make of an answer: is each quote really in the cited section,
is each passage really a piece of its source file? Plain functions over our public types.

Deliberately independent of the assistant's own text handling, so a bug there cannot
hide itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant import Citation, Passage

CITATION_MARK = re.compile(r"\[(\d+)\]")
QUOTE_JOINER = " … "  # how one citation joins several quotes from its section

_MARKUP = re.compile(r"\*\*|__|`")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def readable(text: str) -> str:
    """Text as a reader sees it: no Markdown emphasis or link targets, one space between words."""
    return re.sub(r"\s+", " ", _MARKUP.sub("", _LINK.sub(r"\1", text))).strip()


def cited_numbers(text: str) -> set[int]:
    return {int(n) for n in CITATION_MARK.findall(text)}


def passage_for(citation: Citation, passages: Sequence[Passage]) -> Passage:
    """The passage a citation points into: same file, and its section holds the cited one."""
    for passage in passages:
        depth = len(passage.section_path)
        if passage.file == citation.file and citation.section_path[:depth] == passage.section_path:
            return passage
    raise AssertionError(f"citation [{citation.n}] points at no given passage: "
                         f"{citation.file} {citation.section_path}")


def tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """Every Markdown table in the text as (header cells, body rows), cells readable."""
    found: list[tuple[list[str], list[list[str]]]] = []
    block: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.strip().startswith("|"):
            block.append([readable(c) for c in line.strip().strip("|").split("|")])
            continue
        if block:
            body = [r for r in block[1:] if not all(set(c) <= set(":- ") for c in r)]
            found.append((block[0], body))
            block = []
    return found


def row_quotes(header: list[str], row: list[str]) -> set[str]:
    """What quoting one table row may read: the row label, then its cells as
    "column: value" pairs ("Cost — S3: Lowest; EFS: Medium"), or one cell under its
    row label ("Latency: Sub-millisecond")."""
    pairs = [f"{h}: {c}" if h else c for h, c in zip(header[1:], row[1:], strict=False) if c]
    whole = f"{row[0]} — {'; '.join(pairs)}" if pairs else row[0]
    return {whole} | {f"{row[0]}: {c}" for c in row[1:] if c}


def quote_in_text(quote: str, text: str) -> bool:
    """A quote occurs in the text: as prose, or as the reading of one table row."""
    quote = readable(quote)
    if quote in readable(text):
        return True
    return any(quote in row_quotes(header, row) for header, rows in tables(text) for row in rows)


def unquoted(citation: Citation, passage: Passage) -> list[str]:
    """The pieces of a citation's quote that its passage does not contain (ideally none)."""
    return [q for q in citation.quote.split(QUOTE_JOINER) if not quote_in_text(q, passage.text)]


def source_mismatch(passage: Passage, source: str) -> str | None:
    """Why the passage is not a piece of source[start:end], or pieces of it in source
    order (paragraphs apart in the source), or None if it is.

    A passage that starts inside a long table may repeat the table's header first,
    so the reader knows the columns; that header must be the table's own.
    """
    region = readable(source[passage.start:passage.end])
    body = passage.text
    lines = body.splitlines()
    if len(lines) > 2 and lines[0].startswith("|") and readable(body) not in region:
        header = "\n".join(lines[:2])
        if header not in source[:passage.start]:
            return "starts with a table header that is not in the source before it"
        body = "\n".join(lines[2:])
    if readable(body) in region:
        return None
    at = 0
    for paragraph in (readable(p) for p in body.split("\n\n") if p.strip()):
        found = region.find(paragraph, at)
        if found < 0:
            return f"text is not the source between start and end: {paragraph[:60]!r}"
        at = found + len(paragraph)
    return None
