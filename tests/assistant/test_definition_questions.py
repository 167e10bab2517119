"""A question about what one thing is gets that thing's answer, not a choice of sections;
a question of one loose subject word still gets the choice."""

from __future__ import annotations

from composing import compose_from

from assistant import Passage
from assistant.query.reading import read_query
from assistant.query.terms import Vocabulary
from assistant.retrieval.gathering import defining_first

VOCABULARY = Vocabulary.build(["Karpenter provisions nodes when pods wait.",
                               "Costs of nodes and storage add up."])


def read(question: str):
    return read_query(question, None, VOCABULARY, knows=lambda phrase: True)


def test_a_definition_question_is_not_broad():
    assert not read("What is Karpenter used for?").broad
    assert not read("What does Karpenter do?").broad


def test_a_loose_subject_is_broad():
    assert read("Tell me about cost").broad


COST = ("Karpenter consolidation removes under-used nodes, and cost reports show idle "
        "spend by namespace.")
DEFINITION_TEXT = ("A node autoscaler that watches unschedulable pods and launches "
                   "right-sized instances directly from a flexible set of types.")
AUTOSCALER = "Karpenter provisions quickly and bin-packs well."


def passage(section: str, text: str, score: float) -> Passage:
    return Passage("scaling.md", "Scaling", ("Scaling", "Options", section), 0, len(text),
                   text, score)


def test_the_section_named_for_the_term_answers_what_it_is():
    question = "What is Karpenter used for?"
    passages = [passage("Consolidation", COST, 1.0), passage("Trade-offs", AUTOSCALER, 0.8),
                passage("Karpenter", DEFINITION_TEXT, 0.5)]
    ordered = defining_first(read(question), passages)
    assert [p.section for p in ordered] == ["Karpenter", "Consolidation", "Trade-offs"]
    assert ordered[0].score == 1.0  # as near as the best: the gate reads from it
    answer = compose_from(question, ordered, [COST, DEFINITION_TEXT, AUTOSCALER])
    assert answer.text.startswith("A node autoscaler that watches unschedulable pods")


def test_a_question_that_is_no_definition_keeps_the_ranking():
    passages = [passage("Consolidation", COST, 1.0), passage("Karpenter", DEFINITION_TEXT, 0.5)]
    assert defining_first(read("How does Karpenter cut idle spend?"), passages) == passages
