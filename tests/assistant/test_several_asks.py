"""A question that asks several things gets each of them answered, in order, from the
passage that answers it; an ask the documents do not answer is named, not skipped."""

from __future__ import annotations

import re

from answer_checks import cited_numbers
from composing import compose_from

from assistant import Answer, Passage
from assistant.query.asks import split_asks

STORAGE = """### Build cache

Builds keep their cache on a shared network volume that every runner mounts.
The volume is sized for a week of builds and grows on demand.
"""

RETENTION = """### Cache retention

Cache entries older than fourteen days are pruned every night by a scheduled job.
"""

PASSAGES = [
    Passage("builds.md", "Builds", ("Builds", "Build cache"), 0, len(STORAGE), STORAGE, 1.0),
    Passage("builds.md", "Builds", ("Builds", "Cache retention"), 0, len(RETENTION), RETENTION,
            0.9),
]


def answer(question: str) -> Answer:
    return compose_from(question, PASSAGES, [STORAGE, RETENTION])


def cited_sections(answer: Answer, paragraph: str) -> set[tuple[str, ...]]:
    by_number = {c.n: c.section_path for c in answer.citations}
    return {by_number[n] for n in cited_numbers(paragraph)}


def test_a_question_of_two_asks_is_split_where_the_second_begins():
    assert split_asks("Where do builds keep their cache, and how long are entries kept?") == (
        "Where do builds keep their cache", "how long are entries kept?")
    assert split_asks("What replaced the disk? Why is it still mounted?") == (
        "What replaced the disk?", "Why is it still mounted?")


def test_a_comparison_or_a_bare_why_stays_one_ask():
    assert split_asks("Should we keep the cache on a volume or in object storage?") == (
        "Should we keep the cache on a volume or in object storage?",)
    assert split_asks("Should we keep the cache on a volume, and why?") == (
        "Should we keep the cache on a volume, and why?",)


def test_each_ask_is_answered_in_its_own_paragraph_from_the_passage_that_answers_it():
    result = answer("Where do builds keep their cache, and how long are entries kept "
                    "before they are pruned?")
    first, second = result.text.split("\n\n")[:2]
    assert "shared network volume" in first
    assert cited_sections(result, first) == {("Builds", "Build cache")}
    assert "fourteen days" in second
    assert cited_sections(result, second) == {("Builds", "Cache retention")}


def test_an_ask_the_documents_do_not_answer_is_named():
    result = answer("Where do builds keep their cache, and which vendor supplies the disks?")
    paragraphs = result.text.split("\n\n")
    assert "shared network volume" in paragraphs[0]
    assert "The documents don't say which vendor supplies the disks." in paragraphs
    assert not result.refused


def test_an_ask_of_one_word_leans_on_the_question_and_is_not_named_as_missing():
    result = answer("Where do builds keep their cache, and what do we gain?")
    assert "shared network volume" in result.text
    assert "The documents don't say" not in result.text


def test_an_ask_for_the_reasons_is_not_named_as_missing():
    # A reason seldom repeats the words it is asked in: "why" is not judged by its words.
    result = answer("Where do builds keep their cache, and why was object storage passed over?")
    assert "shared network volume" in result.text
    assert "The documents don't say" not in result.text


def test_a_question_of_one_ask_reads_as_before():
    result = answer("Where do builds keep their cache?")
    assert "The documents don't say" not in result.text
    assert re.match(r"Builds keep their cache on a shared network volume", result.text)


def test_both_asks_are_answered_in_order_from_the_index(ask):
    result = ask("What does the Pod Identity agent run as on each node, and which pods "
                 "does Pod Identity not support?")
    paragraphs = result.text.split("\n\n")
    agent = next(p for p in paragraphs if "DaemonSet" in p)
    fargate = next(p for p in paragraphs if "Fargate" in p)
    assert paragraphs.index(agent) < paragraphs.index(fargate) < paragraphs.index(
        next(p for p in paragraphs if p.startswith("**Trade-offs**")))
    sections = {c.n: (c.file, c.section_path[-1]) for c in result.citations}
    assert ("pod-identity.md", "EKS Pod Identity") in {sections[n] for n in cited_numbers(agent)}
    assert {sections[n][0] for n in cited_numbers(fargate)} == {"pod-identity.md"}
