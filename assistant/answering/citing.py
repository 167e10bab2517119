"""Citations: numbering them as an answer quotes its sources (one [n] per cited
section), and a deterministic test of whether a sentence is supported by the text it
cites."""

from __future__ import annotations

import re

from ingest.keyword import tokenize

from ..models import QUOTE_JOINER, Citation, Passage
from .units import Unit

CITATION = re.compile(r"\[(\d+)\]")
SUPPORT_THRESHOLD = 0.6

_Key = tuple[str, tuple[str, ...]]


class Citer:
    def __init__(self, passages: list[Passage]) -> None:
        self._passages = passages
        self._numbers: dict[_Key, int] = {}
        self._quotes: dict[int, list[str]] = {}
        self._sources: dict[int, tuple[Passage, tuple[str, ...]]] = {}

    def cite(self, unit: Unit, quote: str | None = None) -> int:
        """The [n] for the unit's section, recording the quoted text under it."""
        passage = self._passages[unit.passage]
        key = (passage.file, unit.section_path)
        n = self._numbers.setdefault(key, len(self._numbers) + 1)
        self._sources.setdefault(n, (passage, unit.section_path))
        quotes = self._quotes.setdefault(n, [])
        text = quote or unit.quote
        if text not in quotes:
            quotes.append(text)
        return n

    def citations(self) -> tuple[Citation, ...]:
        return tuple(
            Citation(n, passage.file, passage.chapter, path, QUOTE_JOINER.join(self._quotes[n]),
                     passage.record, passage.source)
            for n, (passage, path) in sorted(self._sources.items())
        )


def support(sentence: str, source: str) -> float:
    """Share of the sentence's content words (stop words removed) found in the source."""
    words = set(tokenize(CITATION.sub("", sentence)))
    if not words:
        return 1.0
    return len(words & set(tokenize(source))) / len(words)


def is_supported(sentence: str, source: str) -> bool:
    return support(sentence, source) >= SUPPORT_THRESHOLD
