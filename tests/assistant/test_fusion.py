"""Ranking arithmetic: score normalisation, score fusion and MMR diversity."""

from __future__ import annotations

import numpy as np

from assistant.retrieval.fusion import fuse, min_max, mmr, normalise


def test_normalise_scales_scores_by_their_maximum():
    np.testing.assert_allclose(normalise(np.array([0.0, 2.0, 4.0])), [0.0, 0.5, 1.0])


def test_normalise_keeps_all_zero_and_empty_scores_at_zero():
    np.testing.assert_array_equal(normalise(np.zeros(3)), np.zeros(3))
    assert normalise(np.array([])).size == 0


def test_fuse_lets_the_only_chunk_naming_a_term_beat_a_merely_similar_one():
    dense = np.array([0.50, 0.60, 0.30])  # chunk 1 reads more like the question
    keyword = np.array([7.5, 0.0, 0.0])  # but only chunk 0 names the exact term
    fused = fuse(dense, keyword, keyword_weight=1.0)
    np.testing.assert_allclose(fused, [5 / 3, 1.0, 0.0])
    assert int(np.argmax(fused)) == 0


def test_fuse_ranks_alike_whatever_band_the_model_puts_its_cosines_in():
    keyword = np.array([0.0, 3.0, 1.0, 0.0])
    wide = np.array([0.70, 0.55, 0.40, 0.10])  # a model whose cosines spread out
    narrow = 0.75 + 0.2 * wide / wide.max()  # another whose cosines sit in 0.75-0.95
    assert (np.argsort(-fuse(wide, keyword, 1.0)).tolist()
            == np.argsort(-fuse(narrow, keyword, 1.0)).tolist())


def test_fuse_without_keyword_matches_keeps_the_dense_order():
    dense = np.array([0.2, 0.9, 0.4])
    np.testing.assert_allclose(fuse(dense, np.zeros(3), 0.3), min_max(dense))


def test_min_max_maps_a_flat_array_to_zeros():
    np.testing.assert_array_equal(min_max(np.full(3, 0.8)), np.zeros(3))


def test_mmr_picks_a_diverse_item_over_a_near_duplicate_of_the_first():
    candidates = [10, 11, 12]
    relevance = [1.0, 0.95, 0.7]
    similarity = np.array([[1.0, 0.95, 0.1],
                           [0.95, 1.0, 0.1],
                           [0.1, 0.1, 1.0]])
    assert mmr(candidates, relevance, similarity, k=2, lambda_=0.7) == [10, 12]
    # With diversity switched off (lambda 1) it is plain relevance order.
    assert mmr(candidates, relevance, similarity, k=2, lambda_=1.0) == [10, 11]


def test_mmr_returns_each_candidate_at_most_once_and_at_most_k():
    similarity = np.eye(4)
    picked = mmr([5, 6, 7, 8], [0.4, 0.9, 0.1, 0.6], similarity, k=10)
    assert sorted(picked) == [5, 6, 7, 8]
    assert picked[0] == 6
    assert len(mmr([5, 6, 7, 8], [0.4, 0.9, 0.1, 0.6], similarity, k=2)) == 2


def test_mmr_picks_by_each_candidates_greatest_similarity_to_the_chosen_ones():
    rng = np.random.default_rng(7)
    for _ in range(50):
        n = int(rng.integers(1, 12))
        relevance = rng.random(n).round(1).tolist()  # rounded: ties happen
        similarity = rng.uniform(-0.5, 1.0, (n, n)).round(1)
        assert (mmr(list(range(n)), relevance, similarity, n, 0.7)
                == _mmr_by_definition(relevance, similarity, 0.7))


def _mmr_by_definition(relevance: list[float], similarity: np.ndarray,
                       lambda_: float) -> list[int]:
    """Each pick maximises lambda * relevance - (1 - lambda) * (its greatest similarity
    to those already chosen, 0 before any), ties to the earlier candidate."""
    chosen: list[int] = []
    remaining = list(range(len(relevance)))
    while remaining:
        gains = [lambda_ * relevance[i]
                 - (1 - lambda_) * max((similarity[i, j] for j in chosen), default=0.0)
                 for i in remaining]
        best = remaining[gains.index(max(gains))]
        chosen.append(best)
        remaining.remove(best)
    return chosen
