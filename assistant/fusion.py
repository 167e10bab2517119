"""Pure ranking arithmetic: fusing dense and keyword scores, and diversifying results."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def normalise(scores: np.ndarray) -> np.ndarray:
    """Scale to [0, 1] by the maximum; all-zero stays all-zero."""
    top = float(scores.max()) if scores.size else 0.0
    return scores / top if top > 0 else np.zeros_like(scores)


def fuse(dense: np.ndarray, keyword: np.ndarray, keyword_weight: float) -> np.ndarray:
    """Weighted sum of cosine similarity and max-normalised BM25.

    Score fusion keeps the size of each signal, which rank fusion throws away: a chunk
    that is the only one naming `p5.48xlarge` should beat a merely similar one.
    """
    return dense + keyword_weight * normalise(keyword)


def mmr(candidates: Sequence[int], relevance: Sequence[float], similarity: np.ndarray,
        k: int, lambda_: float = 0.7) -> list[int]:
    """Maximal marginal relevance over candidate indices; `similarity` is candidate x candidate."""
    chosen: list[int] = []
    remaining = list(range(len(candidates)))
    while remaining and len(chosen) < k:
        def gain(i: int) -> float:
            redundancy = max((similarity[i, j] for j in chosen), default=0.0)
            return lambda_ * relevance[i] - (1 - lambda_) * redundancy

        best = max(remaining, key=gain)
        chosen.append(best)
        remaining.remove(best)
    return [candidates[i] for i in chosen]
