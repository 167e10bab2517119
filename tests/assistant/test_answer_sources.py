"""Which retrieved passages an extractive answer quotes."""

from __future__ import annotations

from dataclasses import replace

from assistant import Passage
from assistant.answering.sources import OTHER_FILE_GATE, PASSAGE_GATE, answer_sources
from assistant.models import Record


def passage(file: str, section: str, score: float) -> Passage:
    return Passage(file, "Chapter", ("Chapter", section), 0, 10, "text", score)


def test_passages_near_the_best_are_quoted_and_the_rest_are_not():
    best = passage("storage.md", "Trade-offs", 1.0)
    near = passage("storage.md", "Options", PASSAGE_GATE + 0.01)
    far = passage("storage.md", "Examples", PASSAGE_GATE - 0.01)
    assert answer_sources([best, near, far]) == [best, near]


def test_another_chapter_must_score_nearer_the_best_to_be_quoted():
    best = passage("storage.md", "Trade-offs", 1.0)
    same_file = passage("storage.md", "Options", PASSAGE_GATE + 0.01)
    other_close = passage("security.md", "Encryption", OTHER_FILE_GATE + 0.01)
    other_far = passage("security.md", "Keys", OTHER_FILE_GATE - 0.01)
    assert other_far.score > same_file.score  # only the file tells them apart
    assert answer_sources([best, other_far, same_file, other_close]) == [
        best, same_file, other_close]


def test_a_records_deciding_section_is_quoted_however_it_scores():
    record = Record("accepted", "in force")
    context = replace(passage("0011-migration.md", "Context", 1.0), record=record)
    decision = replace(passage("0011-migration.md", "Decision", 0.2), record=record)
    prose_decision = passage("storage.md", "Decision", 0.2)  # not a record: gated as usual
    assert answer_sources([context, decision]) == [context, decision]
    assert answer_sources([context, prose_decision]) == [context]


def test_behind_a_page_that_is_no_record_the_first_record_is_quoted():
    record = Record("accepted", "in force")
    index = passage("README.md", "Decision log", 1.0)  # the folder's index of records
    first = replace(passage("0021-use-slugs.md", "Use slugs as ids", 0.5), record=record)
    second = replace(passage("0022-global-package.md", "Distribute globally", 0.5),
                     record=record)
    assert answer_sources([index, first, second]) == [index, first]
