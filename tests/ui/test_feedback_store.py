"""Feedback in SQLite: every write committed at once, exported as JSONL or CSV."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from ingest.errors import UsageError
from ui.present.feedback import FeedbackRecord, FeedbackStore, export_format

CITATIONS = json.dumps([{"n": 1, "file": "pod-identity.md", "label": "Pods — Trade-offs",
                         "section_path": ["Pods", "Trade-offs"]}])


def record(question: str, rating: str = "up") -> FeedbackRecord:
    return FeedbackRecord(question=question, answer=f"answer to {question} [1]",
                          citations=CITATIONS, mode="extractive", rating=rating)


def test_every_rating_survives_a_new_store_on_the_same_file(tmp_path: Path) -> None:
    db = tmp_path / "nested" / "feedback.sqlite3"
    first = FeedbackStore(db).add(record("IRSA or Pod Identity?"))
    FeedbackStore(db).update(first, rating="down", comment="too short")
    FeedbackStore(db).add(record("S3 or EFS?"))
    rows = FeedbackStore(db).records()  # as after a restart of the app
    assert [(r.id, r.question, r.rating, r.comment) for r in rows] == [
        (first, "IRSA or Pod Identity?", "down", "too short"), (first + 1, "S3 or EFS?", "up", "")]
    assert all(r.created_at for r in rows)


def test_an_unknown_rating_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        FeedbackStore(tmp_path / "f.sqlite3").add(record("q", rating="meh"))


def test_the_format_comes_from_the_flag_or_the_extension() -> None:
    assert export_format(Path("out.csv"), None) == "csv"
    assert export_format(Path("out.jsonl"), None) == "jsonl"
    assert export_format(Path("out.txt"), "csv") == "csv"
    with pytest.raises(UsageError, match="--format"):
        export_format(Path("out.txt"), None)


def test_feedback_export_writes_jsonl_and_csv(tradeoffs, tmp_path: Path) -> None:
    store = FeedbackStore(Path(os.environ["TRADEOFFS_FEEDBACK_DB"]))
    store.update(store.add(record("IRSA or Pod Identity?")), comment="clear, thanks")
    store.add(record("S3 or EFS?", rating="down"))

    done = tradeoffs("feedback", "--export", str(tmp_path / "out.jsonl"))
    assert done.returncode == 0, done.stderr
    assert "exported 2 feedback rows" in done.stdout
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [(r["question"], r["rating"], r["comment"]) for r in rows] == [
        ("IRSA or Pod Identity?", "up", "clear, thanks"), ("S3 or EFS?", "down", "")]
    assert rows[0]["citations"][0]["label"] == "Pods — Trade-offs"
    assert set(rows[0]) == {"id", "created_at", "question", "answer", "citations", "mode",
                            "rating", "comment"}

    done = tradeoffs("feedback", "--export", str(tmp_path / "out.data"), "--format", "csv")
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "out.data", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert [r["question"] for r in table] == ["IRSA or Pod Identity?", "S3 or EFS?"]
    assert json.loads(table[0]["citations"])[0]["file"] == "pod-identity.md"


def test_feedback_export_without_a_format_is_a_usage_error(tradeoffs, tmp_path: Path) -> None:
    done = tradeoffs("feedback", "--export", str(tmp_path / "out.txt"))
    assert done.returncode == 2
    assert "--format" in done.stderr and "Traceback" not in done.stderr


def test_ui_rejects_a_bad_port(tradeoffs) -> None:
    done = tradeoffs("ui", "--port", "70000")
    assert done.returncode == 2 and "--port" in done.stderr
