"""An example section is no direct answer when another section answers the question, but
when the example is what the question found best, it is quoted."""

from __future__ import annotations

from composing import compose_from

from assistant import Passage

EXAMPLE = """### Concrete example

Both the queue and the stream transport are meant to get concrete adapters: one for
Kafka, one for SQS.
"""

CONTEXT = """### Context

Messaging is a broad topic and transports differ in what they guarantee to callers.
"""


def passages(example_first: bool) -> list[Passage]:
    example = Passage("transports.md", "Transports", ("Transports", "Concrete example"), 0,
                      len(EXAMPLE), EXAMPLE, 1.0 if example_first else 0.85)
    context = Passage("messaging.md", "Messaging", ("Messaging", "Context"), 0,
                      len(CONTEXT), CONTEXT, 0.9)
    return [example, context] if example_first else [context, example]


QUESTION = "Which transports were meant to get concrete adapters?"


def test_the_best_passage_is_quoted_though_it_is_an_example():
    answer = compose_from(QUESTION, passages(example_first=True), [EXAMPLE, CONTEXT])
    assert "one for Kafka, one for SQS" in answer.text


def test_a_lower_example_does_not_answer_in_place_of_a_better_section():
    answer = compose_from(QUESTION, passages(example_first=False), [EXAMPLE, CONTEXT])
    direct = answer.text.split("\n\n")[0]
    assert "Kafka" not in direct
