"""The figures `tradeoffs bench --load` reports, computed from recorded questions."""

from __future__ import annotations

import random

from evals.load import Asked, made_up_word, new_section, summarise


def test_only_questions_about_the_change_asked_after_the_commit_can_be_stale():
    committed = 10.0
    records = [
        Asked(started=5.0, seconds=0.1, marker=True),  # before the commit: not judged
        Asked(started=11.0, seconds=0.2, marker=True, uses_new_section=True),
        Asked(started=12.0, seconds=0.3, marker=True),  # old generation answered: stale
        Asked(started=12.5, seconds=0.4, marker=False),
        Asked(started=13.0, seconds=0.5, marker=True, error="IndexBroken: gone"),
    ]
    unloaded = [Asked(started=0.0, seconds=s, marker=False) for s in (0.1, 0.1, 0.2)]
    figures = summarise(records, unloaded, (8.0, committed), clients=2)
    assert (figures.errors, figures.stale, figures.marker_questions_after_ingest) == (1, 1, 2)
    assert figures.p95_ms == 400.0 and figures.unloaded_p95_ms == 200.0
    assert figures.p95_ratio == 2.0
    assert figures.ingest_seconds == 2.0
    assert figures.error_examples == ("IndexBroken: gone",)


def test_the_made_up_word_is_new_and_the_section_names_it():
    word = made_up_word(random.Random(7))
    assert word.isalpha() and word.islower() and len(word) > 8
    assert new_section(word).count(word) == 3
