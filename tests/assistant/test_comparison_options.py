"""Finding the options a comparison question weighs."""

from __future__ import annotations

from collections.abc import Callable

from assistant.query.options import detect_options


def knowing(*phrases: str) -> Callable[[str], bool]:
    """A `known` that knows exactly these phrases, case-insensitively."""
    known = {p.lower() for p in phrases}
    return lambda phrase: phrase.lower() in known


def test_known_phrases_decide_where_an_option_ends():
    question = "S3 or FSx for Lustre for training data?"
    assert detect_options(question, knowing("S3", "FSx for Lustre")) == ["S3", "FSx for Lustre"]


def test_a_connector_after_or_is_not_part_of_the_option():
    question = "Should we orchestrate training with the Kubeflow training operator or with Ray?"
    known = knowing("Kubeflow training operator", "Ray", "with")
    assert detect_options(question, known) == ["Kubeflow training operator", "Ray"]


def test_vs_separates_two_options():
    assert detect_options("Trainium vs GPUs", knowing()) == ["Trainium", "GPUs"]
    assert detect_options("Trainium versus GPUs?", knowing("Trainium")) == ["Trainium", "GPUs"]


def test_a_bare_quantifier_borrows_the_noun_of_the_first_option():
    options = detect_options("Should we run one cluster or several?", knowing("one cluster"))
    assert "several clusters" in options
    assert options == ["one cluster", "several clusters"]


def test_compare_and_difference_questions_list_their_options():
    known = knowing("IRSA", "EKS Pod Identity")
    assert detect_options("Compare IRSA and EKS Pod Identity", known) == [
        "IRSA", "EKS Pod Identity"]
    assert detect_options("What is the difference between IRSA and EKS Pod Identity?",
                          known) == ["IRSA", "EKS Pod Identity"]


def test_a_question_that_compares_nothing_has_no_options():
    known = knowing("p5.48xlarge", "S3")
    assert detect_options("What does a p5.48xlarge carry?", known) == []
    assert detect_options("Which storage should hold training data?", known) == []
    assert detect_options("How do I configure GKE Autopilot?", known) == []


def test_a_qualifier_after_the_last_option_is_not_an_option():
    known = knowing("OpenSearch", "Loki", "training", "inference logs")
    question = "OpenSearch or Loki for storing training and inference logs at scale?"
    assert detect_options(question, known) == ["OpenSearch", "Loki"]


def test_options_are_read_from_the_sentence_that_compares():
    known = knowing("Trainium", "Inferentia", "GPUs", "catch")
    question = "Is moving to Trainium or Inferentia worth it? What's the catch versus GPUs?"
    assert detect_options(question, known) == ["Trainium", "Inferentia"]


def test_two_courses_of_action_are_not_options():
    # Plain words left over from two clauses ("the service", "put") are no names.
    known = knowing("service", "put", "GPUs")
    question = "Should we add more copies of the service or put more GPUs behind each copy?"
    assert detect_options(question, known) == []


def test_and_beside_or_joins_words_of_one_side():
    known = knowing("logs", "traces", "Loki", "Tempo")
    question = "Should logs and traces go to Loki or Tempo?"
    assert detect_options(question, known) == ["Loki", "Tempo"]


def test_what_the_question_asks_for_is_not_an_option():
    known = knowing("Reserved Instances", "Savings Plans", "reserve capacity")
    question = ("Which kinds of Reserved Instances or Savings Plans reserve capacity, and "
                "what's the largest discount?")
    assert detect_options(question, known) == ["Reserved Instances", "Savings Plans"]
