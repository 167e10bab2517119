"""The chat page driven through Streamlit's AppTest against the real fixture index."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest
from ui_support import APP, APP_TIMEOUT

from ingest.parts import decision_part
from ingest.settings import Settings
from ui.present.export import conversation_markdown
from ui.present.feedback import FeedbackStore
from ui.present.render import safe_markdown

STORAGE_QUESTION = "Which storage should hold training data and checkpoints for pods on EKS?"
PERMISSIONS_QUESTION = "How should pods get AWS permissions?"


def latest(app: AppTest):
    return app.session_state["exchanges"][-1]


def answer_html(app: AppTest) -> str:
    """The answer's prose and table as drawn (escaped HTML with [n] links)."""
    message = app.chat_message[-1]
    return "\n".join(h.value for h in message.html if "source-anchor" not in h.value)


def test_a_question_gets_a_cited_answer(ask) -> None:
    app = ask(STORAGE_QUESTION)
    assert [m.name for m in app.chat_message] == ["user", "assistant"]
    assert app.chat_message[0].markdown[0].value == STORAGE_QUESTION
    answer = latest(app).answer
    assert answer.citations and not answer.refused
    shown = answer_html(app)
    exchange = latest(app)
    # Inline citations stay visible, each a link to its source card.
    assert f'href="#src-{exchange.id}-1"' in shown and ">[1]<" in shown, shown
    assert {c.file for c in answer.citations} == {"training-storage.md"}


def test_each_source_is_headed_chapter_and_section_and_links_to_it(ask) -> None:
    app = ask("S3 or FSx for Lustre for training data?")
    exchange = latest(app)
    citations = exchange.answer.citations
    links = app.chat_message[-1].get("page_link")
    assert [link.proto.label for link in links] == [f"[{c.n}] {c.label}" for c in citations]
    assert any(" › FSx for Lustre" in link.proto.label for link in links)
    for link, citation in zip(links, citations, strict=True):
        assert link.proto.help == citation.file  # the file name shows on hover
        assert parse_qs(link.proto.query_string) == {
            "file": [citation.file], "section": [" > ".join(citation.section_path)]}
    anchors = [h.value for h in app.chat_message[-1].html if "source-anchor" in h.value]
    assert [f'id="src-{exchange.id}-{c.n}"' in a for a, c in zip(anchors, citations,
                                                                strict=True)] == [
        True] * len(citations)
    quotes = [m.value for m in app.chat_message[-1].markdown if m.value.startswith("> ")]
    assert quotes and any(c.quote.split()[0] in q for q in quotes for c in citations)
    yaml = [c for c in app.chat_message[-1].code if c.language == "yaml"]
    assert yaml and "metadata:\n  name: fsx-lustre-training" in yaml[0].value


def test_a_comparison_is_drawn_as_a_table_with_cited_cells(ask) -> None:
    app = ask("S3 or FSx for Lustre for training data?")
    comparison = latest(app).answer.comparison
    tables = [h for h in app.chat_message[-1].html if 'class="comparison"' in h.value]
    assert len(tables) == 1
    table = tables[0].value
    for option in ("S3", "FSx for Lustre"):
        assert f'<th scope="col">{option}</th>' in table
    cells = re.findall(r"<td[^>]*>(.*?)</td>", table)
    assert len(cells) == len(comparison.criteria) * len(comparison.options)
    assert all('class="cite"' in c or c == "<em>not covered</em>" for c in cells), cells
    assert any('class="cite"' in c for c in cells)
    assert "|---" not in answer_html(app)  # the Markdown table is not drawn twice


def test_the_chapter_filter_restricts_citations_to_that_file(chat_app: AppTest, ask) -> None:
    unfiltered = ask(PERMISSIONS_QUESTION)
    assert "pod-identity.md" in {c.file for c in latest(unfiltered).answer.citations}

    chat_app.multiselect(key="filter_chapters").set_value(["training-storage.md"]).run()
    answer = latest(ask(PERMISSIONS_QUESTION)).answer
    assert answer.citations
    assert {c.file for c in answer.citations} == {"training-storage.md"}


def test_the_decision_part_filter_restricts_citations(chat_app: AppTest, ask) -> None:
    chat_app.pills(key="filter_parts").set_value(["Trade-offs"]).run()
    answer = latest(ask(PERMISSIONS_QUESTION)).answer
    assert answer.citations
    assert {decision_part(c.section_path) for c in answer.citations} == {"Trade-offs"}


def test_thumbs_and_comment_are_stored_in_sqlite(ask, app_env: Settings) -> None:
    app = ask(STORAGE_QUESTION)
    exchange = latest(app)
    app.feedback[0].set_value(1).run()  # thumbs up
    (row,) = FeedbackStore(app_env.feedback_db).records()
    assert (row.question, row.rating, row.mode) == (STORAGE_QUESTION, "up", "extractive")
    assert row.answer == exchange.answer.text and row.created_at
    assert [c["label"] for c in json.loads(row.citations)] == [
        c.label for c in exchange.answer.citations]

    app.text_input(key=f"comment-text-{exchange.id}").input("Missing the EFS costs")
    next(b for b in app.button if b.label == "Send comment").click().run()
    app.feedback[0].set_value(0).run()  # a change of mind updates the same row
    (row,) = FeedbackStore(app_env.feedback_db).records()
    assert (row.rating, row.comment) == ("down", "Missing the EFS costs")


def test_the_export_holds_every_answer_with_its_sources(ask) -> None:
    ask(STORAGE_QUESTION)
    app = ask("S3 or FSx for Lustre for training data?")
    assert [b.label for b in app.get("download_button")] == ["Export conversation"]
    exchanges = app.session_state["exchanges"]
    markdown = conversation_markdown(exchanges, "2025-01-01 00:00 UTC")
    for exchange in exchanges:
        assert exchange.question in markdown
        for citation in exchange.answer.citations:
            assert f"[{citation.n}] {citation.label} — `{citation.file}`" in markdown
            assert citation.quote.split(" … ")[0].splitlines()[0] in markdown
    assert markdown.count("### Sources") == 2


def test_a_starter_question_and_a_follow_up_are_one_click_each(chat_app: AppTest) -> None:
    starters = [b for b in chat_app.button if b.key and b.key.startswith("starter-")]
    assert 2 <= len(starters) <= 4  # derived from the indexed documents' headings
    starters[0].click().run()
    exchange = latest(chat_app)
    assert safe_markdown(exchange.question) == starters[0].label
    assert exchange.answer.citations and not exchange.answer.refused
    follow_ups = [b for b in chat_app.button if b.key and b.key.startswith("follow-")]
    assert 2 <= len(follow_ups) <= 3
    question = follow_ups[0].label
    follow_ups[0].click().run()
    assert latest(chat_app).question == question
    assert len(chat_app.session_state["exchanges"]) == 2

    next(b for b in chat_app.button if b.label == "Clear conversation").click().run()
    assert chat_app.session_state["exchanges"] == []
    assert not chat_app.chat_message


def test_regenerate_answers_the_latest_question_again_in_its_place(ask) -> None:
    ask(STORAGE_QUESTION)
    app = ask(PERMISSIONS_QUESTION)
    first, second = app.session_state["exchanges"]
    assert [b.label for b in app.button if b.label == "Regenerate"] == ["Regenerate"]  # latest
    app.button(key=f"regenerate-{second.id}").click().run()
    assert not app.exception
    exchanges = app.session_state["exchanges"]
    assert [e.question for e in exchanges] == [STORAGE_QUESTION, PERMISSIONS_QUESTION]
    assert exchanges[0].id == first.id and exchanges[1].id != second.id
    assert exchanges[1].answer.text == second.answer.text  # extractive answers are stable


def test_a_refusal_is_shown_apart_from_answers(ask) -> None:
    app = ask("Which accelerator should we pick for training, and how does Gaudi compare?")
    assert latest(app).answer.refused
    assert any("don't cover Gaudi" in info.value for info in app.info)
    assert not app.chat_message[-1].get("page_link")  # nothing was cited


def test_without_an_index_the_app_builds_one_then_re_indexes_changes(
        tmp_path: Path, fixture_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(fixture_corpus, corpus)
    monkeypatch.setenv("TRADEOFFS_INDEX_DIR", str(tmp_path / "fresh-index"))
    monkeypatch.setenv("TRADEOFFS_CORPUS_DIR", str(corpus))
    app = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT).run()
    assert not app.exception
    assert "There is no index" in app.info[0].value
    assert not app.chat_input  # nothing to ask yet

    next(b for b in app.button if b.label == "Build the index").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert "4 added" in app.success[0].value
    assert app.chat_input  # the chat is ready

    (corpus / "spot-training.md").write_text(
        "# Spot capacity for training\n\n## Trade-offs\n\nSpot instances cut the price of "
        "checkpointed training jobs but can be reclaimed with two minutes of notice.\n")
    app.button(key="reindex").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert "1 added" in app.success[0].value and "4 unchanged" in app.success[0].value
    assert any("**5** documents" in m.value for m in app.sidebar.markdown)


def test_an_ingest_from_the_command_line_shows_on_the_next_page_run(
        tmp_path: Path, fixture_corpus: Path, monkeypatch: pytest.MonkeyPatch, embedder) -> None:
    from ingest.pipeline import ingest

    corpus = tmp_path / "corpus"
    shutil.copytree(fixture_corpus, corpus)
    monkeypatch.setenv("TRADEOFFS_INDEX_DIR", str(tmp_path / "index"))
    ingest(corpus, Settings.from_env(), embedder=embedder)
    app = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT).run()
    assert any("**4** documents" in m.value for m in app.sidebar.markdown)

    (corpus / "spot-training.md").write_text(
        "# Spot capacity for training\n\n## Trade-offs\n\nSpot instances cut the price of "
        "checkpointed training jobs but can be reclaimed with two minutes of notice.\n")
    ingest(corpus, Settings.from_env(), embedder=embedder)  # as `tradeoffs ingest` would
    app.run()
    assert not app.exception
    assert any("**5** documents" in m.value for m in app.sidebar.markdown)
