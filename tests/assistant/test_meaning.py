"""Answers found by meaning: a paraphrased question gets the sentence that answers it,
though they share no word; a question near its section by meaning is answered though
it shares few words with it; a question naming what the documents never mention is
refused."""

from __future__ import annotations

from answer_checks import readable
from composing import compose_from

from assistant import Confidence, Passage
from assistant.query.reading import read_query
from assistant.query.terms import Vocabulary
from assistant.retrieval.evidence import Evidence, nearest_statement
from assistant.retrieval.gathering import refuses
from ingest.keyword import tokenize
from ingest.tuning import RefusalParams

QUESTION = "What happens to additional hosts after a scale-out, before they take scheduling?"
ANSWER = "New nodes usually join the cluster and become schedulable in under a minute."
# Each shares a word with the question, but none says what becomes of new hosts.
DISTRACTORS = [
    "Hosts are patched after every release of the base image.",
    "Additional disks are attached for scratch space.",
    "Scheduling priorities are set per team.",
    "Scale-out events are logged to the audit trail.",
    "Each image is scanned for known vulnerabilities.",
    "Hosts report their health to the control plane.",
    "Scheduling of batch jobs waits for free capacity.",
    "Additional regions need their own registry mirror.",
    "Scale-out limits are set per account.",
]
TEXT = " ".join([*DISTRACTORS, ANSWER])
PASSAGE = Passage("nodes.md", "Nodes", ("Nodes", "Scaling out"), 0, len(TEXT), TEXT, 1.0)
CORPUS = [TEXT, "Storage for checkpoints lives on a shared file system.",
          "Budgets are reviewed by the platform team every quarter."]


def test_a_paraphrased_question_is_answered_with_the_sentence_that_shares_no_word(embedder):
    assert not set(tokenize(ANSWER)) & set(tokenize(QUESTION))  # no shared word at all
    by_words = compose_from(QUESTION, [PASSAGE], CORPUS)
    assert ANSWER not in readable(by_words.text)  # words alone pick the distractors
    answer = compose_from(QUESTION, [PASSAGE], CORPUS, embed=embedder.embed)
    direct = answer.body.split("\n\n")[0]  # the direct answer, before any trade-offs
    assert ANSWER in readable(direct)


def test_a_question_about_a_product_the_documents_never_name_is_refused(ask):
    answer = ask("Is Dagster a good fit for orchestrating our training pipelines on EKS?")
    assert answer.refused
    assert any("Dagster" in phrase for phrase in answer.not_covered)


def test_weak_shared_words_are_not_refused_when_the_section_is_near_by_meaning():
    vocabulary = Vocabulary.build(CORPUS)
    query = read_query(QUESTION, None, vocabulary, knows=lambda phrase: True)
    weak = Confidence("low", 0.1, "the closest sections match few of the question's terms")

    def evidence(match: float) -> Evidence:
        return Evidence((PASSAGE,), (), weak, best_similarity=0.5, match=match)

    params = RefusalParams()
    assert not refuses(query, evidence(match=0.9), vocabulary, params)  # nearer than most unrelated
    assert refuses(query, evidence(match=0.2), vocabulary, params)  # neither words nor meaning


def test_weak_evidence_is_not_refused_when_one_sentence_says_nearly_what_was_asked():
    vocabulary = Vocabulary.build(CORPUS)
    query = read_query(QUESTION, None, vocabulary, knows=lambda phrase: True)
    weak = Confidence("low", 0.1, "the closest sections match few of the question's terms")
    evidence = Evidence((PASSAGE,), (), weak, best_similarity=0.5, match=0.2)
    params = RefusalParams()
    assert not refuses(query, evidence, vocabulary, params,
                       nearest=lambda: params.statement_near + 0.1)
    assert refuses(query, evidence, vocabulary, params,
                   nearest=lambda: params.statement_near - 0.1)


def test_the_sentence_that_answers_a_paraphrase_is_the_nearest_statement(embedder):
    near = nearest_statement(QUESTION, [PASSAGE], embedder.embed)
    without = Passage("nodes.md", "Nodes", ("Nodes", "Scaling out"), 0, len(TEXT),
                      " ".join(DISTRACTORS), 1.0)
    assert near > nearest_statement(QUESTION, [without], embedder.embed)
