"""A question about what one thing is gets that thing's answer, not a choice of sections;
a question of one loose subject word still gets the choice."""

from __future__ import annotations

from assistant.query.reading import read_query
from assistant.query.terms import Vocabulary

VOCABULARY = Vocabulary.build(["Karpenter provisions nodes when pods wait.",
                               "Costs of nodes and storage add up."])


def read(question: str):
    return read_query(question, None, VOCABULARY, knows=lambda phrase: True)


def test_a_definition_question_is_not_broad():
    assert not read("What is Karpenter used for?").broad
    assert not read("What does Karpenter do?").broad


def test_a_loose_subject_is_broad():
    assert read("Tell me about cost").broad
