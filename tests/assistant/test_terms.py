"""What a question is about, and which of its names the documents never mention."""

from __future__ import annotations

import pytest

from assistant.query.terms import Vocabulary, key_terms, uncovered_phrases


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary.build([
        "A p5.48xlarge carries 8 NVIDIA H100 GPUs for model training on Amazon EKS.",
        "Karpenter provisions nodes; managed node groups upgrade with a rolling update.",
        "FSx for Lustre serves training data to many nodes with sub-millisecond latency.",
    ])


def test_key_terms_drop_question_words_and_stop_words():
    assert key_terms("Which option should we choose for training data storage?") == [
        "training", "data", "storage"]


def test_key_terms_keep_a_compound_name_whole_without_its_parts():
    terms = key_terms("Is a p5.48xlarge better than p5 for training?")
    assert terms == ["p5.48xlarge", "training"]


def test_an_unknown_product_name_is_named_as_the_user_wrote_it(vocabulary):
    assert uncovered_phrases("How do I configure GKE Autopilot?", vocabulary) == ["GKE Autopilot"]


def test_a_single_unknown_name_takes_the_word_after_it(vocabulary):
    assert uncovered_phrases("Can we use MIG partitioning on EKS?", vocabulary) == [
        "MIG partitioning"]


def test_ordinary_unknown_words_are_paraphrase_not_missing_subjects(vocabulary):
    assert uncovered_phrases("How do we keep the schedulers humming along nicely?",
                             vocabulary) == []


def test_a_month_dates_the_question_and_names_nothing(vocabulary):
    assert uncovered_phrases("Did the September 2020 choice of storage stick?", vocabulary,
                             knows=lambda phrase: False) == []


def test_model_sizes_are_not_names(vocabulary):
    assert uncovered_phrases("Can a 70B model train on a p5.48xlarge?", vocabulary) == []
    assert uncovered_phrases("Does a 13B-parameter model fit on H100 GPUs?", vocabulary) == []


def test_known_names_side_by_side_are_a_pairing_not_an_unknown_name(vocabulary):
    # "NVIDIA" and "EKS" are both known; the documents never write them together.
    assert uncovered_phrases("Does Karpenter pick NVIDIA EKS nodes?", vocabulary,
                             knows=lambda phrase: False) == []
    # A capitalised word is a name only by its place: the run stays a name to look up.
    assert uncovered_phrases("Is Amazon Managed Training enough?", vocabulary,
                             knows=lambda phrase: False) == ["Amazon Managed Training"]


def test_names_the_documents_know_are_covered(vocabulary):
    assert uncovered_phrases("Does Karpenter work with FSx for Lustre on EKS?", vocabulary) == []


def test_a_hyphenated_description_is_not_part_of_the_name_it_describes():
    corpus = ["The Amazon EKS cluster runs training on NVIDIA GPUs.",
              "Scheduling is based on queues."]
    vocabulary = Vocabulary.build(corpus)

    def known(phrase: str) -> bool:
        return any(phrase.lower() in text.lower() for text in corpus)

    assert uncovered_phrases("Is an NVIDIA-based Amazon EKS cluster enough?", vocabulary,
                             knows=known) == []
    # A run of names the documents never write together is still named.
    assert uncovered_phrases("Is Amazon EKS Anywhere enough?", vocabulary,
                             knows=known) == ["Amazon EKS Anywhere"]


def test_the_real_index_vocabulary_knows_its_names_but_not_gke(assistant):
    vocabulary = assistant.vocabulary
    assert vocabulary.knows("irsa") and vocabulary.knows("p5.48xlarge")
    assert not vocabulary.knows("gke")
    assert vocabulary.idf("gke") > vocabulary.idf("training")
