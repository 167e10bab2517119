"""A question is read once for what its answer should hold beside its words: one side
of a choice, a kind of value, or a setting."""

from __future__ import annotations

import pytest

from assistant.query.wants import Side, Value, Wants, read_wants


@pytest.mark.parametrize(("question", "wants"), [
    ("What are the drawbacks of a shared file system?", Wants(side=Side.DOWNSIDES)),
    ("What do we gain from spot capacity?", Wants(side=Side.UPSIDES)),
    ("What are the upsides and downsides of a second cluster?", Wants(side=Side.BOTH)),
    ("How long does a restore take?", Wants(value=Value.DURATION)),
    ("Which takes longer, a restore or a rebuild?", Wants(value=Value.DURATION)),
    ("How many replicas run per zone?", Wants(value=Value.AMOUNT)),
    ("Which setting turns on the cache?", Wants(config=True)),
    ("Why use a managed control plane?", Wants()),
])
def test_each_question_is_read_for_what_its_answer_holds(question: str, wants: Wants) -> None:
    assert read_wants(question) == wants


def test_a_duration_is_read_before_an_amount_that_the_same_words_ask() -> None:
    # "how often" asks for a length of time, although "how" questions ask amounts too.
    assert read_wants("How often, and how many times, is it retried?").value is Value.DURATION
