"""Retrieval on the real index: exact names, whole sections, filters, diversity, budget."""

from __future__ import annotations

from dataclasses import replace

import pytest
from answer_checks import readable, source_mismatch

from assistant import Assistant, Passage
from ingest.parts import decision_part


@pytest.mark.parametrize("term", ["p5.48xlarge", "IRSA", "FSx for Lustre"])
def test_an_exact_term_is_found_in_the_top_passages(assistant, term):
    passages = assistant.retrieve(term, k=3)
    assert any(term in p.text for p in passages), [p.section_path for p in passages]
    assert term in passages[0].text or term in " ".join(passages[0].section_path)


def test_an_instance_type_question_puts_its_own_section_first(assistant):
    top = assistant.retrieve("How many GPUs does a p5.48xlarge have?", k=5)[0]
    assert top.file == "accelerated-instances.md"
    assert top.section_path[-1] == "NVIDIA H100 on p5.48xlarge"


def test_passages_say_where_they_come_from(assistant):
    files = assistant.snapshot.manifest.files
    for passage in assistant.retrieve("How do pods get AWS credentials?", k=5):
        assert passage.file in files
        assert passage.chapter == files[passage.file].chapter
        assert passage.section_path and passage.section_path[0] == passage.chapter
        assert 0 <= passage.start < passage.end
        assert passage.text.strip()


def section_span(assistant, passage: Passage) -> tuple[int, int]:
    rows = [c for c in assistant.snapshot.chunks
            if (c.file, c.section_path) == (passage.file, passage.section_path)]
    return min(c.start for c in rows), max(c.end for c in rows)


@pytest.mark.parametrize(("question", "max_chars"), [
    ("What does a p5.48xlarge carry?", 1500),
    ("How do IRSA and Pod Identity differ on Fargate?", 1500),
    ("How do the storage services differ in small-file performance, durability and price?", 1500),
    ("How do the storage services differ in small-file performance, durability and price?", 5000),
])
def test_passage_text_is_a_whole_section_or_a_piece_of_one(assistant, assistant_with,
                                                           source_text, question, max_chars):
    tight = assistant_with(max_context_chars=max_chars)
    for passage in tight.retrieve(question, k=5):
        lo, hi = section_span(assistant, passage)
        assert lo <= passage.start < passage.end <= hi
        problem = source_mismatch(passage, source_text(passage.file))
        assert problem is None, f"{passage.file} {passage.section_path[1:]}: {problem}"


def test_a_section_that_fits_is_returned_whole(assistant_with, source_text):
    # The storage trade-off table spans several chunks; with room, it comes back whole,
    # its header once, exactly as the source has it (its document is not read whole).
    tuning = assistant_with().settings.tuning
    sections_only = replace(tuning, retrieval=replace(tuning.retrieval, whole_document_shares=1))
    roomy = assistant_with(max_context_chars=20_000, tuning=sections_only)
    passage = next(p for p in roomy.retrieve("storage trade-offs table", k=5)
                   if p.section_path[-1] == "Trade-offs" and p.file == "training-storage.md")
    assert section_span(roomy, passage) == (passage.start, passage.end)
    source = source_text(passage.file)
    assert readable(passage.text) == readable(source[passage.start:passage.end])
    assert passage.text.count("| Criterion |") == 1


def test_a_chapter_filter_restricts_files(assistant):
    for chapters in (["pod-identity.md"], ["training-storage.md", "eks-upgrade-notes.txt"]):
        passages = assistant.retrieve("What should training jobs use?", k=5, chapters=chapters)
        assert passages
        assert {p.file for p in passages} <= set(chapters)


def test_a_part_filter_restricts_decision_parts(assistant):
    parts = ["Trade-offs", "Recommendations"]
    passages = assistant.retrieve("Which storage for training data?", k=5, parts=parts)
    assert passages
    assert {decision_part(p.section_path) for p in passages} <= set(parts)
    assert {decision_part(p.section_path) for p in passages} == set(parts)  # both are there


def test_a_chapter_filter_naming_no_indexed_file_lists_the_chapters(assistant):
    from assistant import UnknownChapter, UsageError

    with pytest.raises(UnknownChapter) as raised:
        assistant.retrieve("storage", k=5, chapters=["no-such-chapter.md"])
    assert isinstance(raised.value, UsageError)
    message = str(raised.value)
    assert "no-such-chapter.md" in message
    assert all(name in message for name in assistant.snapshot.manifest.files)


def test_filters_that_match_nothing_give_no_passages(assistant):
    assert assistant.retrieve("storage", k=5, parts=["No Such Part"]) == []


def test_top_passages_are_distinct_sections(assistant):
    for question in ("Which storage should hold training data?", "IRSA or EKS Pod Identity?"):
        passages = assistant.retrieve(question, k=5)
        keys = [(p.file, p.section_path) for p in passages]
        assert len(passages) == 5
        assert len(set(keys)) == len(keys)


QUESTIONS = ("What does a p5.48xlarge carry?", "How do pods get AWS credentials?",
             "S3 or FSx for Lustre for training data?")


def test_the_context_stays_within_the_default_character_budget(assistant, ask):
    for question in QUESTIONS:
        answer = ask(question)
        assert answer.passages, question
        assert sum(len(p.text) for p in answer.passages) <= assistant.settings.max_context_chars


def test_the_context_stays_within_a_tight_character_budget(assistant_with):
    tight = assistant_with(max_context_chars=1200)  # a few sections' worth
    for question in QUESTIONS:
        answer = tight.ask(question, mode="extractive")
        assert answer.passages, question
        assert sum(len(p.text) for p in answer.passages) <= 1200, question


def test_a_comparison_question_gets_passages_for_each_option(ask):
    cases = {
        "S3 or FSx for Lustre for training data?": {"S3", "FSx for Lustre"},
        "IRSA or EKS Pod Identity?": {"IRSA", "EKS Pod Identity"},
        "Trainium vs GPUs": {"Trainium", "GPU"},
    }
    for question, options in cases.items():
        passages = ask(question).passages
        for option in options:
            assert any(option in p.text or option in " ".join(p.section_path[1:])
                       for p in passages), f"{question}: no passage names {option}"
    # Where each option has its own section, both sections are among the passages (or
    # held by a passage that reads their short document whole).
    headings = {h for p in ask("IRSA or EKS Pod Identity?").passages
                for h in (p.section_path[-1], *p.covers)}
    assert {"IAM Roles for Service Accounts (IRSA)", "EKS Pod Identity"} <= headings


class CountingEmbedder:
    """The real embedder, counting the texts it is asked to embed."""

    def __init__(self, embedder) -> None:
        self.embedder = embedder
        self.texts: list[str] = []

    def embed(self, texts):
        self.texts += texts
        return self.embedder.embed(texts)

    def __getattr__(self, name):
        return getattr(self.embedder, name)


def test_a_comparison_embeds_only_its_question_and_only_once(assistant, embedder):
    counting = CountingEmbedder(embedder)
    fresh = Assistant(assistant.settings, assistant.snapshot, assistant.retriever.store, counting)
    question = "S3 or FSx for Lustre for training data?"
    answer = fresh.ask(question, mode="extractive")
    assert answer.comparison is not None
    # The options are found by name in the keyword index, with no embedding of their own.
    assert counting.texts == [question]
    # The same question again, with a part filter, still gives filtered results.
    advice = fresh.retriever.retrieve(question, 3, 5000, parts=["Recommendations"]).passages
    assert advice
    assert all(decision_part(p.section_path) == "Recommendations" for p in advice)
    assert counting.texts.count(question) == 1
