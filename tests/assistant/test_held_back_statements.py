"""A section of a quoted document that ranks below the passage gate is still quoted
when it holds the statement that shares most of the question."""

from __future__ import annotations

from composing import compose_from

from assistant import Passage

QUESTION = "How many workers does the pretraining job run per instance?"
OVERVIEW = ("The pretraining job runs on two instances of the accelerated family. "
            "It reads its data from a shared file system.")
STORAGE = ("The pretraining job employs 64 workers in all, with 32 workers per instance. "
           "Its dataset is over 50 GB.")
ELSEWHERE = "A pretraining job elsewhere runs 8 workers per instance on smaller machines."
CORPUS = [OVERVIEW, STORAGE, ELSEWHERE, "Budgets are reviewed every quarter."]


def passage(file: str, section: str, text: str, score: float) -> Passage:
    return Passage(file, "Training", ("Training", section), 0, len(text), text, score)


def test_a_low_ranked_section_of_the_quoted_document_gives_its_better_statement():
    top = passage("training.md", "Overview", OVERVIEW, 1.0)
    storage = passage("training.md", "Storage", STORAGE, 0.4)  # far below the gate
    answer = compose_from(QUESTION, [top, storage], CORPUS)
    assert "32 workers per instance" in answer.text


def test_another_documents_section_stays_behind_the_gate():
    top = passage("training.md", "Overview", OVERVIEW, 1.0)
    other = passage("other.md", "Sizing", ELSEWHERE, 0.4)
    answer = compose_from(QUESTION, [top, other], CORPUS)
    assert "8 workers" not in answer.text


def test_a_held_back_section_that_shares_less_of_the_question_stays_behind():
    best = passage("training.md", "Storage", STORAGE, 1.0)
    weaker = passage("training.md", "Overview", OVERVIEW, 0.4)
    answer = compose_from(QUESTION, [best, weaker], CORPUS)
    assert "shared file system" not in answer.text


QUESTION_OF_TWO = ("How many workers does the pretraining job run per instance, and which "
                   "file system holds its checkpoints?")
CHECKPOINTS = "Checkpoints of the pretraining job are written to a shared Lustre file system."
NEAR_MISS = "Each file system has its own backup schedule."


def test_an_ask_no_source_answers_takes_the_held_back_section_that_does():
    corpus = [STORAGE, CHECKPOINTS, NEAR_MISS, *CORPUS]
    top = passage("training.md", "Storage", STORAGE, 1.0)
    elsewhere = passage("checkpoints.md", "Checkpoints", CHECKPOINTS, 0.4)
    answer = compose_from(QUESTION_OF_TWO, [top, elsewhere], corpus)
    assert "32 workers per instance" in answer.text and "Lustre" in answer.text


def test_a_section_that_only_touches_on_the_ask_stays_behind():
    corpus = [STORAGE, CHECKPOINTS, NEAR_MISS, *CORPUS]
    top = passage("training.md", "Storage", STORAGE, 1.0)
    elsewhere = passage("backups.md", "Backups", NEAR_MISS, 0.4)
    assert "backup schedule" not in compose_from(QUESTION_OF_TWO, [top, elsewhere],
                                                 corpus).text
