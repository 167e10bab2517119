"""A decision record is answered from what it decided before its context."""

from __future__ import annotations

from dataclasses import replace

import pytest
from composing import compose_from

from assistant import Assistant, Passage
from assistant.models import Record
from ingest.settings import Settings

TEXT = """# 7. Certificate backups

## Context

Signed certificates are lost when the build server is rebuilt.

## Decision

Backups of signed certificates are deferred until the build server is stable.
"""
PATH = ("7. Certificate backups",)
CORPUS = [TEXT, "Nodes scale by queue depth.", "Logs are kept for a month."]
QUESTION = "Are the build server's signed certificates backed up?"


def _first_sentence(record: Record | None) -> str:
    passage = replace(Passage("adr/0007.md", PATH[0], PATH, 0, len(TEXT), TEXT, 1.0),
                      record=record)
    return compose_from(QUESTION, [passage], CORPUS).body.split(" [")[0]


def test_a_record_is_answered_first_from_its_deciding_section():
    record = Record(status="accepted", standing="in force", status_text="Accepted", number=7)
    assert _first_sentence(record) == ("Backups of signed certificates are deferred until "
                                       "the build server is stable.")


def test_a_document_that_is_no_record_keeps_the_order_of_shared_words():
    assert _first_sentence(None).startswith("Signed certificates are lost")


FILLER = "\n\n".join(
    f"Incident {i}: a nightly job on the shared runner pool waited {i + 20} minutes for a "
    f"free runner while release builds held every machine." for i in range(50))


def _long_record(status: str) -> str:
    return f"""# 12. Runner pools

{status}

## Context

Nightly jobs queue behind release builds on the shared runner pool.

{FILLER}

## Options

- One pool for everything, as today, with the nightly jobs lowered in priority so
  that release builds still take the first free runner of the morning.
- A pool per team, sized by each team's own queue and paid from each team's budget,
  so that no team waits for the builds of another.

## Decision

Release builds get a runner pool of their own, sized for the release calendar, and the
nightly jobs keep the shared pool with its current machines. The release pool is
reviewed each quarter against the queue times it records.
"""


@pytest.fixture(scope="module")
def runner_docs(tmp_path_factory: pytest.TempPathFactory, embedder) -> Assistant:
    """A long record whose context matches a question in the context's own words, and
    the same document with no status, which is no record."""
    from ingest.pipeline import ingest

    top = tmp_path_factory.mktemp("runners")
    (top / "docs").mkdir()
    (top / "docs" / "0012-runner-pools.md").write_text(
        _long_record("## Status\n\nAccepted"), encoding="utf-8")
    (top / "docs" / "runner-notes.md").write_text(_long_record(""), encoding="utf-8")
    settings = Settings(index_dir=top / "index", cache_dir=top / "cache")
    assert not ingest(top / "docs", settings, embedder=embedder).failed
    return Assistant.open(settings=settings, embedder=embedder)


QUEUE_QUESTION = "Why do nightly jobs queue behind release builds on the shared runner pool?"


def test_the_deciding_section_follows_the_context_that_matched(runner_docs):
    passages = [p for p in runner_docs.retrieve(QUEUE_QUESTION, k=4)
                if p.file == "0012-runner-pools.md"]
    assert "Context" in (*passages[0].section_path, *passages[0].covers)
    assert passages[1].section_path[-1] == "Decision"
    assert "a runner pool of their own" in passages[1].text


def test_a_document_that_is_no_record_keeps_the_ranking_of_its_words(runner_docs):
    passages = runner_docs.retrieve(QUEUE_QUESTION, k=4, chapters=["runner-notes.md"])
    scores = [p.score for p in passages]
    assert scores == sorted(scores, reverse=True)
    decision = next(p for p in passages if p.section_path[-1] == "Decision")
    assert decision.score < passages[0].score
