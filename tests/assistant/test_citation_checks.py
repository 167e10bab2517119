"""Checking an LLM reply against the passages it was given: grounding support,
citations to passages that do not exist, unsupported sentences."""

from __future__ import annotations

import pytest

from assistant import Citation, Passage
from assistant.answering.citing import support
from assistant.answering.llm import UNSUPPORTED, check_citations

P5 = Passage("accelerated-instances.md", "Choosing accelerated instances",
             ("Choosing accelerated instances", "Options", "NVIDIA H100 on p5.48xlarge"), 602, 700,
             "A p5.48xlarge carries 8 NVIDIA H100 GPUs with 80 GB of HBM3 each. "
             "Every CUDA framework runs unchanged.", 0.9)
EFS = Passage("training-storage.md", "Storage for training data",
              ("Storage for training data", "Options", "Amazon EFS"), 1505, 1731,
              "Managed NFS that is regional by default and mounted ReadWriteMany by pods.", 0.7)


def test_support_is_the_share_of_content_words_found_in_the_source():
    source = "FSx for Lustre offers sub-millisecond latency"
    assert support("FSx for Lustre offers sub-millisecond latency [2]", source) == 1.0
    # fsx, lustre, offers are in the source; cheap, storage are not.
    assert support("FSx for Lustre offers cheap storage", source) == pytest.approx(3 / 5)
    assert support("Mountpoint streams shards", source) == 0.0
    assert support("[1]", source) == 1.0  # nothing to check


def test_a_citation_to_a_passage_that_was_not_given_is_removed():
    text, citations = check_citations(
        "A p5.48xlarge carries 8 NVIDIA H100 GPUs with 80 GB of HBM3 each [1][7].", [P5, EFS])
    assert "[7]" not in text
    assert "[1]" in text
    assert UNSUPPORTED not in text
    assert citations == [Citation(1, P5.file, P5.chapter, P5.section_path,
                                  "A p5.48xlarge carries 8 NVIDIA H100 GPUs with 80 GB of HBM3 "
                                  "each.")]


def test_a_sentence_its_cited_passage_does_not_support_is_flagged():
    text, citations = check_citations(
        "Every CUDA framework runs unchanged [1]. "
        "Trainium chips are free of charge in every region worldwide [1].", [P5, EFS])
    first, second = text.split(". ", 1)
    assert UNSUPPORTED not in first
    assert second.endswith(UNSUPPORTED)
    assert [c.n for c in citations] == [1]


def test_an_uncited_claim_is_flagged_and_a_short_lead_in_is_not():
    text, citations = check_citations(
        "In short:\nMost teams should simply buy the largest instance available [4].", [P5])
    lines = text.splitlines()
    assert lines[0] == "In short:"
    assert "[4]" not in lines[1] and lines[1].endswith(UNSUPPORTED)
    assert citations == []


def test_citations_follow_the_prompt_numbering():
    text, citations = check_citations(
        "EFS is managed NFS mounted ReadWriteMany by pods [2]. "
        "A p5.48xlarge carries 8 NVIDIA H100 GPUs [1].", [P5, EFS])
    assert UNSUPPORTED not in text
    assert [(c.n, c.file) for c in citations] == [(1, P5.file), (2, EFS.file)]
    assert citations[1].quote == EFS.text


def test_a_citation_after_the_full_stop_belongs_to_its_sentence():
    # The style of our own extractive answers, and common in model replies.
    text, citations = check_citations(
        "Every CUDA framework runs unchanged. [1] "
        "EFS is managed NFS mounted ReadWriteMany by pods. [2]", [P5, EFS])
    assert UNSUPPORTED not in text
    assert [c.n for c in citations] == [1, 2]
    assert citations[0].quote == "Every CUDA framework runs unchanged."
