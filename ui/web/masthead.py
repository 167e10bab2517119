"""The app's title and subtitle: the team's own (TRADEOFFS_TITLE, TRADEOFFS_SUBTITLE),
or else the corpus's own words, so the app never speaks of documents it does not serve."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from assistant import Settings
from ingest.chunking import Chunk

DEFAULT_TITLE = "tradeoffs"
MAX_SUBTITLE_CHARS = 220
# The file a docs folder opens with, by name, whatever its extension.
_FRONT_PAGES = ("readme", "index", "_index", "intro", "introduction", "overview")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(*_])")
_EMPHASIS = re.compile(r"(\*{1,2}|_{1,2}|`)(?=\S)(.+?)(?<=\S)\1")
# Headings, tables, quotes, lists, fences, HTML, admonitions, images, link definitions.
_NOT_PROSE = re.compile(r"#|\||>|[-*+]\s|\d+[.)]\s|```|~~~|<|:::|!!!|!\[|\[[^\]]*\]:")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class Masthead:
    title: str
    subtitle: str


def front_page(files: Sequence[str]) -> str | None:
    """The corpus's README or index page: the shallowest, then by the order above."""
    candidates = []
    for name in files:
        path = PurePosixPath(name)
        stem = path.stem.lower()
        if stem in _FRONT_PAGES:
            candidates.append((len(path.parts), _FRONT_PAGES.index(stem), name))
    return min(candidates)[2] if candidates else None


def first_sentence(text: str) -> str:
    """The first sentence of the first paragraph that is prose (not a heading, list,
    table, quote or code), cut at a word if long; "" when there is none."""
    for block in re.split(r"\n\s*\n", text):
        line = " ".join(block.split())
        if not line or _NOT_PROSE.match(line):
            continue
        sentence = _plain(_SENTENCE_END.split(line, maxsplit=1)[0])
        if len(sentence) > MAX_SUBTITLE_CHARS:
            sentence = sentence[:MAX_SUBTITLE_CHARS].rsplit(" ", 1)[0] + "…"
        return sentence
    return ""


def masthead(settings: Settings, files: dict[str, str], chunks: Sequence[Chunk]) -> Masthead:
    """Title and subtitle: settings first, else the front page's title and first
    sentence; `files` maps each indexed file to its chapter title."""
    page = front_page(list(files))
    title = settings.title or (files[page] if page else "") or DEFAULT_TITLE
    if settings.subtitle:
        return Masthead(title, settings.subtitle)
    opening = ""
    if page:
        first = min((c for c in chunks if c.file == page), key=lambda c: c.position,
                    default=None)
        opening = first_sentence(first.text) if first else ""
    count = len(files)
    subtitle = opening or f"Cited answers from {count} document{'s' if count != 1 else ''}."
    return Masthead(title, subtitle)


def _plain(text: str) -> str:
    """Markdown emphasis, code marks and links as their words alone."""
    return _EMPHASIS.sub(r"\2", _LINK.sub(r"\1", text))
