"""A deterministic test of whether a sentence is supported by the text it cites."""

from __future__ import annotations

import re

from ingest.keyword import tokenize

CITATION = re.compile(r"\[(\d+)\]")
SUPPORT_THRESHOLD = 0.6


def support(sentence: str, source: str) -> float:
    """Share of the sentence's content words (stop words removed) found in the source."""
    words = set(tokenize(CITATION.sub("", sentence)))
    if not words:
        return 1.0
    return len(words & set(tokenize(source))) / len(words)


def is_supported(sentence: str, source: str) -> bool:
    return support(sentence, source) >= SUPPORT_THRESHOLD
