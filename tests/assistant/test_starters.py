"""Suggested first questions come from the indexed documents, and they get answers."""

from __future__ import annotations


def test_starter_questions_name_options_the_documents_weigh(assistant):
    questions = assistant.starter_questions(4)
    assert 2 <= len(questions) <= 4
    headings = {h for c in assistant.snapshot.chunks for h in c.section_path}
    comparisons = [q for q in questions if " or " in q]
    assert comparisons, questions
    for question in comparisons:
        first, second = question.rstrip("?").split(" or ")
        assert any(h.startswith(first) for h in headings), first
        assert any(h.startswith(second) for h in headings), second


def test_every_starter_question_is_answered_with_citations(assistant):
    for question in assistant.starter_questions(4):
        answer = assistant.ask(question, mode="extractive")
        assert not answer.refused, question
        assert answer.citations, question
