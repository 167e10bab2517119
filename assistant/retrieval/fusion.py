"""Pure ranking arithmetic: fusing dense and keyword scores, and diversifying results."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def normalise(scores: np.ndarray) -> np.ndarray:
    """Scale to [0, 1] by the maximum; all-zero stays all-zero."""
    top = float(scores.max()) if scores.size else 0.0
    return scores / top if top > 0 else np.zeros_like(scores)


def min_max(scores: np.ndarray) -> np.ndarray:
    """Scale to [0, 1] between the lowest and highest score; a flat array becomes zeros."""
    if not scores.size:
        return scores
    low, high = float(scores.min()), float(scores.max())
    return (scores - low) / (high - low) if high > low else np.zeros_like(scores)


def fuse(dense: np.ndarray, keyword: np.ndarray, keyword_weight: float) -> np.ndarray:
    """Weighted sum of min-max scaled cosine similarity and max-normalised BM25.

    Cosines are scaled per query because each embedding model has its own score band
    (one model's cosines span 0.1-0.7, another's 0.75-0.95): a fixed weight on raw
    cosines would let BM25 dominate with the second. Score fusion keeps the size of
    each signal, which rank fusion throws away: a chunk that is the only one naming
    `p5.48xlarge` should beat a merely similar one.
    """
    return min_max(dense) + keyword_weight * normalise(keyword)


def mmr(candidates: Sequence[int], relevance: Sequence[float], similarity: np.ndarray,
        k: int, lambda_: float = 0.7) -> list[int]:
    """Maximal marginal relevance over candidate indices; `similarity` is candidate x candidate."""
    chosen: list[int] = []
    remaining = list(range(len(candidates)))
    rows = similarity.tolist()  # Python floats: read one by one, faster than numpy scalars
    # Each candidate's greatest similarity to a chosen one, kept up to date as each is
    # chosen rather than recomputed over all the chosen every round.
    redundancy: list[float | None] = [None] * len(candidates)

    def gain(i: int) -> float:
        return lambda_ * relevance[i] - (1 - lambda_) * (redundancy[i] or 0.0)

    while remaining and len(chosen) < k:
        best = max(remaining, key=gain)
        chosen.append(best)
        remaining.remove(best)
        for i in remaining:
            held, near = redundancy[i], rows[i][best]
            redundancy[i] = near if held is None else max(held, near)
    return [candidates[i] for i in chosen]
