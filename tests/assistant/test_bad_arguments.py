"""Bad arguments to the Python API raise a typed UsageError that names the argument,
never a bare TypeError, an IndexError or a silently different answer."""

from __future__ import annotations

import pytest

from assistant import Assistant, IndexMissing, UnknownChapter, UsageError
from ingest.settings import Settings

QUESTION = "Which storage should hold training data?"


@pytest.mark.parametrize("k", [-1, 0, 2.5, "3", True])
def test_k_must_be_a_positive_whole_number(assistant, k):
    with pytest.raises(UsageError, match="k must"):
        assistant.ask(QUESTION, k=k)
    with pytest.raises(UsageError, match="k must"):
        assistant.retrieve(QUESTION, k=k)


def test_k_of_one_gives_one_passage(assistant):
    assert len(assistant.retrieve(QUESTION, k=1)) == 1


def test_an_unknown_chapter_lists_the_chapters_that_exist(assistant):
    with pytest.raises(UnknownChapter) as raised:
        assistant.ask(QUESTION, chapters=["training-storage.md", "no-such.md"])
    message = str(raised.value)
    assert "no-such.md" in message
    for name in assistant.snapshot.manifest.files:
        assert name in message


def test_one_chapter_may_be_named_by_a_plain_string(assistant):
    passages = assistant.retrieve(QUESTION, k=3, chapters="training-storage.md")
    assert passages and {p.file for p in passages} == {"training-storage.md"}


@pytest.mark.parametrize("chapters", [[3], 7])
def test_chapters_must_be_file_names(assistant, chapters):
    with pytest.raises(UsageError, match="chapters must"):
        assistant.retrieve(QUESTION, chapters=chapters)


@pytest.mark.parametrize("question", [None, "", "   "])
def test_an_empty_question_is_a_usage_error(assistant, question):
    with pytest.raises(UsageError, match="empty"):
        assistant.ask(question)


def test_a_question_that_is_not_text_is_a_usage_error(assistant):
    with pytest.raises(UsageError, match="must be text"):
        assistant.ask(42)


def test_an_unknown_mode_is_a_usage_error(assistant):
    with pytest.raises(UsageError, match="mode must be one of extractive, llm"):
        assistant.ask(QUESTION, mode="generative")


def test_open_checks_its_arguments(tmp_path, built_index):
    with pytest.raises(UsageError, match="index_dir must be a path"):
        Assistant.open(index_dir=42)
    with pytest.raises(UsageError, match="settings must be a Settings"):
        Assistant.open(settings={"index_dir": str(built_index.index_dir)})
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not an index")
    with pytest.raises(UsageError, match="is a file"):
        Assistant.open(index_dir=a_file)
    with pytest.raises(IndexMissing, match="tradeoffs ingest"):
        Assistant.open(index_dir=tmp_path / "nowhere")


def test_returned_passages_and_answers_stay_within_their_limits(assistant_with):
    small = assistant_with(max_passage_chars=300, max_answer_chars=200)
    passages = small.retrieve(QUESTION, k=3)
    assert passages and all(len(p.text) <= 300 for p in passages)
    assert any(p.text.endswith(" […]") for p in passages)
    answer = small.ask(QUESTION, k=3, mode="extractive")
    assert len(answer.text) <= 200 and answer.text.endswith(" […]")
    assert all(len(p.text) <= 300 for p in answer.passages)


def test_the_question_limit_comes_from_the_settings(assistant_with):
    short = assistant_with(max_question_chars=40)
    answer = short.ask("Which storage should hold training data " + "for the big team " * 10,
                       mode="extractive")
    assert any("only the first 40 were used" in notice for notice in answer.notices)
    assert Settings().max_question_chars == 2000


def test_k_none_means_the_configured_default(assistant):
    assert len(assistant.retrieve(QUESTION, k=None)) == assistant.settings.k == 5


def test_a_question_with_invalid_code_points_is_cleaned_not_a_crash(assistant):
    # `tradeoffs ask "$(printf 'caf\xe9')"` hands Python a lone surrogate for the byte.
    question = QUESTION + " caf\udce9 \ud800\x1b[2J"
    answer = assistant.ask(question, mode="extractive")
    assert answer.citations and not answer.refused
    assert assistant.retrieve(question, k=2)
    with pytest.raises(UsageError, match="empty"):
        assistant.ask("\udce9\x1b")


@pytest.mark.parametrize("history", ["a string", 42, [1, 2], [{"content": 3}]])
def test_history_must_be_questions_or_messages(assistant, history):
    with pytest.raises(UsageError, match="history must be"):
        assistant.ask(QUESTION, history=history)


@pytest.mark.parametrize("parts", [7, [None]])
def test_parts_must_be_names(assistant, parts):
    with pytest.raises(UsageError, match="parts must be"):
        assistant.retrieve(QUESTION, parts=parts)


@pytest.mark.parametrize(("field", "value"), [("k", 0), ("max_file_bytes", "abc"),
                                              ("chroma_port", 70000), ("index_dir", 3)])
def test_settings_check_their_values_where_they_are_made(field, value):
    with pytest.raises(UsageError, match=f"^{field} must be"):
        Settings(**{field: value})
