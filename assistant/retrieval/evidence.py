"""How much to trust an answer: the evidence behind it, read against this index.

Two signals, both corpus-relative:
- *match*: the best cosine similarity as a percentile of the index's own null
  distribution (see `calibration`), so "0.6" means the same on any corpus and model;
- *coverage*: the idf-weighted share of the question's key terms that the top passages
  (text and headings) contain, so a rare term the passages lack weighs most.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ingest.calibration import Calibration
from ingest.keyword import tokenize
from ingest.tuning import EvidenceParams

from ..models import Confidence, Passage, Record


@dataclass(frozen=True)
class Evidence:
    passages: tuple[Passage, ...]  # the k passages, best first
    table_material: tuple[Passage, ...]  # each option's own sections, for a comparison
    confidence: Confidence
    not_covered: tuple[str, ...] = ()  # names in the question no passage speaks to
    best_similarity: float | None = None  # of the best chunk, as retrieval measured it
    # That similarity as a percentile of the index's null distribution (see `match_of`).
    match: float = 0.5
    # The decision records of the passages' documents and of the records they link to.
    records: Mapping[str, Record] = field(default_factory=dict)
    timings_ms: dict[str, float] = field(default_factory=dict)
    # For a question of several asks: each ask's own best section (one of the passages,
    # or fetched for it within the budget the passages leave).
    ask_material: tuple[Passage, ...] = ()


def term_coverage(terms: Sequence[str], idf: Callable[[str], float],
                  passages: Sequence[Passage], first: int) -> float:
    """The idf-weighted share of `terms` found in the `first` passages (1.0 without
    terms)."""
    weights = {t: idf(t) for t in terms}
    total = sum(weights.values())
    if not total:
        return 1.0
    stems: set[str] = set()
    for passage in passages[:first]:
        text = " ".join(passage.section_path) + "\n" + passage.text
        stems.update(stem(t) for t in tokenize(text))
    return sum(w for t, w in weights.items() if stem(t) in stems) / total


def carries(passage: Passage, terms: Sequence[str], span_per_term: int = 4) -> bool:
    """Whether the passage (headings or text) names all the terms close together: within
    `span_per_term` words per term, so that scattered mentions do not count."""
    wanted = {stem(t) for t in terms}
    if not wanted:
        return False
    for text in (" ".join(passage.section_path), passage.text):
        stems = [stem(t) for t in tokenize(text)]
        if _shortest_span(stems, wanted) <= span_per_term * len(wanted):
            return True
    return False


def _shortest_span(tokens: Sequence[str], wanted: set[str]) -> float:
    """Length of the shortest run of tokens holding every wanted one (inf if none)."""
    last: dict[str, int] = {}
    best = float("inf")
    for i, token in enumerate(tokens):
        if token in wanted:
            last[token] = i
            if len(last) == len(wanted):
                best = min(best, i - min(last.values()) + 1)
    return best


_SUFFIXES = ("ing", "ed", "es", "s")


# Every question stems the same words of its passages again: a remembered stem is a lookup.
@lru_cache(maxsize=1 << 16)
def stem(term: str) -> str:
    """A crude stem, so that "carry" finds "carries" and "scale" finds "scaling"."""
    if not term.isalpha():
        return term  # names and identifiers match whole
    if term.endswith("ies") and len(term) > 4:
        return term[:-3] + "y"
    for suffix in _SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 3:
            return term[: -len(suffix)]
    return term.rstrip("e") if len(term) > 4 else term


def match_of(similarity: float | None, calibration: Calibration | None) -> float:
    """How near the best chunk is by meaning, read against this index: the share of
    its "related, but not the answer" similarities at or below it (0.5 unknown)."""
    return 0.5 if similarity is None or calibration is None \
        else calibration.percentile(similarity)


def judge(match: float, coverage: float, levels: EvidenceParams) -> Confidence:
    """The answer's confidence from its best match by meaning (`match_of`) and its term
    coverage, at the `levels` given."""
    score = round((match + coverage) / 2, 3)
    if score >= levels.high_at:
        return Confidence("high", score, "")
    if score >= levels.medium_at:
        return Confidence("medium", score, "")
    missing = "few of the question's terms" if coverage < 0.5 else "only loosely"
    return Confidence("low", score, f"the closest sections match {missing}")


# Sentence ends and line breaks: the pieces a passage says one thing in.
_STATEMENT_END = re.compile(r"(?<=[.!?])\s+|\n+")
MIN_STATEMENT_WORDS = 4  # a heading or a label is no statement


def nearest_statement(question: str, passages: Sequence[Passage],
                      embed: Callable[[Sequence[str]], np.ndarray], limit: int = 48) -> float:
    """The best cosine similarity between the question and one sentence or line of the
    passages (at most `limit` of them, in passage order): a paraphrase that shares few
    words with its section may still be said, nearly, by one of its sentences."""
    statements = [piece.strip(" -*#>|") for passage in passages
                  for piece in _STATEMENT_END.split(passage.text)]
    statements = [s for s in statements if len(s.split()) >= MIN_STATEMENT_WORDS][:limit]
    if not statements:
        return 0.0
    vectors = embed([question, *statements])
    return float((vectors[1:] @ vectors[0]).max())
