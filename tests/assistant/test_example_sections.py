"""A worked example is no direct answer, but a decision record's own example section
shows what the record decided: when the question found it best, it is quoted."""

from __future__ import annotations

from composing import compose_from

from assistant import Passage
from assistant.models import Record

EXAMPLE = """### Concrete example

Both the queue and the stream transport are meant to get concrete adapters: one for
Kafka, one for SQS.
"""

CONTEXT = """### Context

Messaging is a broad topic and transports differ in what they guarantee to callers.
"""

PROPOSED = Record(status="proposed", standing="not yet in force", status_text="Proposed",
                  number=8, title="Transport adapters")
QUESTION = "Which transports were meant to get concrete adapters?"


def passages(example_first: bool, record: Record | None) -> list[Passage]:
    example = Passage("transports.md", "Transports", ("Transports", "Concrete example"), 0,
                      len(EXAMPLE), EXAMPLE, 1.0 if example_first else 0.85, record=record)
    context = Passage("messaging.md", "Messaging", ("Messaging", "Context"), 0,
                      len(CONTEXT), CONTEXT, 0.9)
    return [example, context] if example_first else [context, example]


def direct(example_first: bool, record: Record | None) -> str:
    answer = compose_from(QUESTION, passages(example_first, record), [EXAMPLE, CONTEXT])
    return answer.body.split("\n\n")[0]


def test_a_records_example_the_question_found_best_is_quoted():
    assert "one for Kafka, one for SQS" in direct(example_first=True, record=PROPOSED)


def test_a_lower_example_does_not_answer_in_place_of_a_better_section():
    assert "Kafka" not in direct(example_first=False, record=PROPOSED)


def test_a_guides_worked_example_does_not_answer_even_when_it_ranks_first():
    assert "Kafka" not in direct(example_first=True, record=None)
