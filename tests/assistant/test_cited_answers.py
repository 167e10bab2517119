"""Answers a user reads: cited lookups, comparison tables, refusals, input limits."""

from __future__ import annotations

import pytest
from answer_checks import cited_numbers, passage_for, quote_in_text, readable, unquoted

from assistant import NOT_COVERED, Answer, UsageError
from assistant.core import MAX_QUESTION_CHARS, prepare_question

ANSWER_FIELDS = {"text", "citations", "passages", "refused", "not_covered", "comparison",
                 "confidence", "notices", "timings_ms", "mode", "fallback", "intro", "body"}


def assert_every_citation_checks_out(answer: Answer) -> None:
    """Each [n] in the text is a citation, each citation is used, and its quote is in
    the passage it points into."""
    numbers = [c.n for c in answer.citations]
    assert numbers == list(range(1, len(numbers) + 1))
    assert cited_numbers(answer.text) == set(numbers)
    for citation in answer.citations:
        passage = passage_for(citation, answer.passages)
        assert citation.chapter == passage.chapter
        assert citation.quote.strip()
        assert unquoted(citation, passage) == [], f"[{citation.n}] quotes text not in its passage"


@pytest.fixture
def lookup(ask) -> Answer:
    return ask("What does a p5.48xlarge carry?")


@pytest.fixture
def comparison(ask) -> Answer:
    return ask("S3 or FSx for Lustre for training data?")


@pytest.fixture
def refusal(ask) -> Answer:
    return ask("How do I configure GKE Autopilot?")


def test_a_lookup_question_gets_a_cited_answer(lookup):
    assert not lookup.refused and lookup.not_covered == ()
    assert lookup.citations
    assert_every_citation_checks_out(lookup)
    first = lookup.citations[0]
    assert first.file == "accelerated-instances.md"
    assert first.section_path[-1] == "NVIDIA H100 on p5.48xlarge"
    assert first.label == ("Choosing accelerated instances for model training › "
                           "Options › NVIDIA H100 on p5.48xlarge")  # parent kept
    assert "8 NVIDIA H100 GPUs" in readable(lookup.text)


def test_a_comparison_has_one_column_per_option_and_a_row_per_criterion(comparison):
    table = comparison.comparison
    assert table is not None
    assert table.options == ("S3", "FSx for Lustre")
    # No fixed criteria: the documents' own table's rows first, then each option's
    # trade-off and when to choose it.
    assert {"Storage price (us-east-1, 2024)", "When to choose"} <= set(table.criteria)
    assert len(table.cells) == len(table.criteria)
    assert all(len(row) == 2 for row in table.cells)
    assert table.to_markdown() in comparison.text
    assert_every_citation_checks_out(comparison)


def test_a_comparison_answer_says_in_its_fields_what_its_text_says(comparison):
    # A front end draws intro, table and body from these fields, never from the text.
    assert comparison.intro == "Comparing S3 and FSx for Lustre:"
    table = comparison.comparison.to_markdown()
    assert comparison.text.index(comparison.intro) < comparison.text.index(table)
    assert comparison.body and comparison.text.endswith(comparison.body)
    assert comparison.mode == "extractive" and not comparison.fell_back


def test_every_comparison_cell_is_cited_from_its_source_or_not_covered(comparison):
    by_number = {c.n: c for c in comparison.citations}
    cited_cells = 0
    for row in comparison.comparison.cells:
        for cell in row:
            if not cell.covered:
                assert cell.text == NOT_COVERED and cell.citation is None
                continue
            cited_cells += 1
            citation = by_number[cell.citation]
            passage = passage_for(citation, comparison.passages)
            assert quote_in_text(cell.text.removesuffix(" …"), passage.text), cell
    assert cited_cells >= 4  # the storage table speaks to cost, latency and best use


def test_comparison_cells_come_from_the_right_column(comparison):
    table = comparison.comparison
    price = table.criteria.index("Storage price (us-east-1, 2024)")
    cost = dict(zip(table.options, table.cells[price], strict=True))
    assert "$0.023" in cost["S3"].text  # S3's price, not Lustre's
    assert "$0.023" not in cost["FSx for Lustre"].text


def test_an_uncovered_product_is_refused_with_related_reading(refusal):
    assert refusal.refused
    assert refusal.not_covered == ("GKE Autopilot",)
    assert refusal.citations == ()
    assert cited_numbers(refusal.text) == set()
    assert "GKE Autopilot" in refusal.text.splitlines()[0]
    assert refusal.passages  # offered as reading, not quoted
    for passage in refusal.passages[:3]:
        assert f"{passage.chapter} — {passage.section}" in refusal.text


def test_a_covered_configuration_question_is_answered(assistant):
    answer = assistant.ask("How do I configure EKS Pod Identity?")
    assert not answer.refused and answer.not_covered == ()
    assert answer.citations and answer.citations[0].file == "pod-identity.md"
    assert_every_citation_checks_out(answer)


def test_an_empty_question_is_a_usage_error(assistant):
    for question in ("", "   \n\t "):
        with pytest.raises(UsageError):
            assistant.ask(question)
    with pytest.raises(UsageError):
        assistant.retrieve("")


def test_a_very_long_question_is_truncated_with_a_warning(assistant):
    # The limit falls inside "p5.48xlarge"; past it sits a name the documents lack.
    head = ("How do I configure EKS Pod Identity for our training jobs? " * 40)[:1990]
    head = head.rsplit(" ", 1)[0].ljust(MAX_QUESTION_CHARS - 4)
    question = head + "p5.48xlarge nodes as well? And GKE Autopilot?"
    assert question[MAX_QUESTION_CHARS - 4:MAX_QUESTION_CHARS] == "p5.4"

    used, notice = prepare_question(question)
    assert len(used) <= MAX_QUESTION_CHARS and question.startswith(used)
    assert used == head.rstrip()  # cut between words, not inside a name
    assert "2,000" in notice
    answer = assistant.ask(question)
    assert any("only the first 2,000" in notice for notice in answer.notices)
    assert not answer.refused
    assert answer.not_covered == ()  # neither the cut-off name nor what lay beyond it


def test_answer_to_dict_has_exactly_the_public_field_names(lookup, comparison):
    for answer in (lookup, comparison):
        data = answer.to_dict()
        assert set(data) == ANSWER_FIELDS
        assert set(data["citations"][0]) == {"n", "file", "chapter", "section_path", "quote",
                                             "record", "source"}
        assert set(data["passages"][0]) == {"file", "chapter", "section_path", "start", "end",
                                            "text", "score", "record", "source", "covers"}
        assert set(data["passages"][0]["source"]) == {"url", "last_changed"}
    assert set(comparison.to_dict()["comparison"]) == {"options", "criteria", "cells"}


def test_the_answer_reports_its_timings(lookup):
    assert {"total", "answer", "best_similarity"} <= set(lookup.timings_ms)
    assert lookup.timings_ms["total"] >= lookup.timings_ms["answer"] >= 0


def test_extractive_streaming_yields_the_text_then_the_answer(assistant):
    pieces = list(assistant.stream("What does a p5.48xlarge carry?"))
    final = pieces[-1]
    assert isinstance(final, Answer)
    assert len(pieces) > 1 and all(isinstance(p, str) for p in pieces[:-1])
    assert len(pieces) - 1 == len(final.text.splitlines())  # one piece per line
    assert "".join(pieces[:-1]) == final.text


def test_a_direct_lookup_is_answered_with_more_confidence_than_a_loose_one(assistant):
    direct = assistant.ask("What does a p5.48xlarge carry?", mode="extractive")
    loose = assistant.ask("How do we keep our people happy while the roadmap keeps moving?",
                          mode="extractive")
    assert direct.confidence.level in ("high", "medium")
    assert loose.confidence.score < direct.confidence.score
    assert loose.confidence.level == "low" or loose.refused
    if loose.confidence.level == "low":
        assert loose.confidence.reason.startswith("weak match")  # a reason a reader can act on


def test_a_broad_question_offers_the_sections_to_choose_from(assistant):
    answer = assistant.ask("Tell me about cost", mode="extractive")
    assert not answer.refused
    assert answer.text.startswith("This question could mean several things")
    assert len({c.file for c in answer.citations}) >= 2  # sections of several documents
    assert_every_citation_checks_out(answer)
    specific = assistant.ask("What does a p5.48xlarge carry?", mode="extractive")
    assert not specific.text.startswith("This question could mean several things")
