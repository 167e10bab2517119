"""Meaning: how near a candidate unit is to the question, so that a sentence answering a
paraphrased question is quoted though it shares no word with it.

Embedding costs time on every question, so only the likeliest units are embedded, with
the question, in one batch; the assistant's default answerer weighs shared words only,
and an `ExtractiveAnswerer` (or `compose`) given `embed` weighs meaning as well.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ingest.tuning import ExtractiveParams

from .units import Unit

Embed = Callable[[Sequence[str]], np.ndarray]  # unit-length vectors, one row per text


def candidates(units: Sequence[Unit], lexical: Sequence[float], source_count: int,
               limit: int) -> list[int]:
    """At most `limit` units worth embedding: those of the quoted passages, the best by shared words
    first, then the best passage's own units in reading order. Values and rows are
    weighed too, or prose alone would be lifted past the figures a question asks for."""
    quotable = [i for i, u in enumerate(units) if u.passage < source_count]
    by_words = sorted(quotable, key=lambda i: -lexical[i])[:limit // 2]
    first = [i for i in quotable if units[i].passage == 0 and i not in by_words]
    return (by_words + first)[:limit]


def meaning_shares(units: Sequence[Unit], question: str, chosen: Sequence[int],
                   embed: Embed, params: ExtractiveParams) -> list[float | None]:
    """Per unit, its nearness to the question in [0, 1] (None where not embedded), from
    `params.meaning_floor` (0) to `params.meaning_full` (1)."""
    shares: list[float | None] = [None] * len(units)
    if not chosen:
        return shares
    vectors = embed([question, *(units[i].text for i in chosen)])
    similarities = vectors[1:] @ vectors[0]
    for i, similarity in zip(chosen, similarities, strict=True):
        share = ((float(similarity) - params.meaning_floor)
                 / (params.meaning_full - params.meaning_floor))
        shares[i] = min(1.0, max(0.0, share))
    return shares
