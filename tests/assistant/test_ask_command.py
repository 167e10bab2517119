"""The `tradeoffs ask` command as a user runs it."""

from __future__ import annotations

import json

from ui.cli.main import EXIT_USAGE, main

ANSWER_FIELDS = {"text", "citations", "passages", "refused", "not_covered", "comparison",
                 "confidence", "notices", "timings_ms", "mode", "fallback", "intro", "body"}


def test_ask_json_prints_the_answer_with_its_public_field_names(tradeoffs, built_index):
    result = tradeoffs("ask", "What does a p5.48xlarge carry?", "--index",
                       str(built_index.index_dir), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == ANSWER_FIELDS
    assert data["refused"] is False
    assert data["citations"][0]["file"] == "accelerated-instances.md"
    assert "p5.48xlarge" in data["text"]


def test_ask_without_an_index_names_the_command_that_builds_one(tradeoffs, tmp_path):
    missing = tmp_path / "nowhere"
    result = tradeoffs("ask", "What does a p5.48xlarge carry?", "--index", str(missing))
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"tradeoffs ingest corpus --index {missing}" in lines[0]


def test_ask_with_an_empty_question_exits_2_with_one_line(capsys):
    assert main(["ask", "  "]) == EXIT_USAGE
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == "tradeoffs: error: the question is empty"
