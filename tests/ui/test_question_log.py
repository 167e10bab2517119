"""The opt-in question log and `tradeoffs gaps`: off unless set; when on, the questions
the documents failed are listed by their nearest section, and no answer text is kept."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from assistant import Assistant
from ingest.settings import Settings
from ui.service.app import create_app

OFF_TOPIC = "How do I bake sourdough bread with a rye starter?"
ANSWERABLE = "Should we use S3 or FSx for Lustre for training data?"


@pytest.fixture(scope="module")
def assistant(built_index: Settings, embedder) -> Assistant:
    return Assistant.open(settings=built_index, embedder=embedder)


def _ask_service(settings: Settings, assistant: Assistant, questions: list[str]) -> list[dict]:
    with TestClient(create_app(settings, assistant)) as client:
        answers = []
        for question in questions:
            response = client.post("/v1/ask", json={"question": question})
            assert response.status_code == 200, response.text
            answers.append(response.json())
        body = {"model": "tradeoffs", "messages": [{"role": "user", "content": OFF_TOPIC}]}
        assert client.post("/v1/chat/completions", json=body).status_code == 200
        return answers


def test_without_the_setting_nothing_is_logged(built_index, assistant, tmp_path: Path,
                                               tradeoffs):
    _ask_service(built_index, assistant, [OFF_TOPIC])
    assert not list(tmp_path.rglob("*.sqlite3*"))
    result = tradeoffs("gaps")
    assert result.returncode == 2 and "TRADEOFFS_QUESTION_LOG" in result.stderr


def test_gaps_lists_the_failed_questions_by_nearest_section(built_index, assistant,
                                                             tmp_path: Path, monkeypatch,
                                                             tradeoffs):
    log = tmp_path / "questions.sqlite3"
    settings = replace(built_index, question_log=log)
    answers = _ask_service(settings, assistant, [OFF_TOPIC, ANSWERABLE, OFF_TOPIC])
    assert answers[0]["refused"] and not answers[1]["refused"]

    monkeypatch.setenv("TRADEOFFS_QUESTION_LOG", str(log))
    listed = json.loads(tradeoffs("gaps", "--format", "json").stdout)
    asked = [q for gap in listed for q in gap["questions"]]
    assert {"question": OFF_TOPIC, "count": 3} in asked  # twice asked, once chatted
    assert all(q["question"] != ANSWERABLE for q in asked)
    assert all(gap["section"] for gap in listed)

    text = tradeoffs("gaps", "--index", str(built_index.index_dir)).stdout
    assert "3 questions refused or answered with low confidence" in text
    assert f"- {OFF_TOPIC} (x3)" in text
    other = tradeoffs("gaps", "--index", str(tmp_path / "another-index")).stdout
    assert OFF_TOPIC not in other

    # Question text and outcome only: not a word of any answer.
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("questions.sqlite3*"))
    assert answers[1]["text"][:60].encode() not in stored
    with sqlite3.connect(log) as db:
        outcomes = {row[0] for row in db.execute("SELECT outcome FROM questions")}
    assert outcomes <= {"refused", "low confidence", "answered"} and "answered" in outcomes


def test_questions_asked_through_mcp_are_logged_too(built_index, tmp_path: Path, monkeypatch):
    import os
    import sys

    import anyio
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    log = tmp_path / "questions.sqlite3"
    monkeypatch.setenv("TRADEOFFS_QUESTION_LOG", str(log))
    monkeypatch.setenv("TRADEOFFS_CACHE_DIR", str(built_index.cache_dir))
    tradeoffs = Path(sys.executable).parent / "tradeoffs"
    params = StdioServerParameters(command=sys.executable, env=dict(os.environ),
                                   args=[str(tradeoffs), "mcp", "--index",
                                         str(built_index.index_dir)])

    async def ask() -> None:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            await session.call_tool("ask", {"question": OFF_TOPIC})

    anyio.run(ask)
    with sqlite3.connect(log) as db:
        rows = db.execute("SELECT source, question, outcome FROM questions").fetchall()
    assert rows == [("mcp", OFF_TOPIC, "refused")]
