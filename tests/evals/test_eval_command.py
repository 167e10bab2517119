"""`tradeoffs eval` as a user runs it: exit codes, the bad line on stderr, the three files."""

from __future__ import annotations

import json
from pathlib import Path

GOOD = [
    {"id": "f1", "question": "Which service principal does the EKS Pod Identity role trust?",
     "kind": "lookup", "answerable": True,
     "expected": [{"file": "pod-identity.md", "section": "EKS Pod Identity"}],
     "must_mention": ["pods.eks.amazonaws.com"], "notes": ""},
    {"id": "f2", "question": "How many GPUs and how much GPU memory does a p5.48xlarge have?",
     "kind": "lookup", "answerable": True,
     "expected": [{"file": "accelerated-instances.md", "section": "NVIDIA H100 on p5.48xlarge"}],
     "must_mention": ["8 NVIDIA H100"], "notes": ""},
    {"id": "f3", "question": "What does the guide say about running Oracle RAC on Azure?",
     "kind": "unanswerable", "answerable": False, "expected": [], "must_mention": [],
     "notes": ""},
]


def test_eval_with_a_bad_line_names_it_runs_the_rest_and_exits_1(
        tradeoffs, tmp_path: Path, fixture_corpus: Path):
    questions = tmp_path / "questions.jsonl"
    lines = [json.dumps(GOOD[0]), '{"id": "broken", "question": "no closing brace"',
             json.dumps(GOOD[1]), json.dumps(GOOD[2])]
    questions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"

    done = tradeoffs("eval", "--questions", str(questions), "--corpus", str(fixture_corpus),
                     "--index", str(tmp_path / "index"), "--out", str(out), timeout=600)

    assert done.returncode == 1, done.stderr
    bad = [line for line in done.stderr.splitlines() if "bad question line" in line]
    assert len(bad) == 1
    assert f"{questions}:2: ?: invalid JSON" in bad[0]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in report["records"]] == ["f1", "f2", "f3"]
    assert report["bad_lines"] == [bad[0].split("bad question line ", 1)[1]]
    assert "comparison" not in report
    table = (out / "report.md").read_text(encoding="utf-8")
    assert "## By question kind" in table and f"{questions}:2: ?: invalid JSON" in table
    assert (out / "report.png").read_bytes()[:4] == b"\x89PNG"


def test_eval_usage_errors_exit_2_with_one_line(tradeoffs, tmp_path: Path):
    done = tradeoffs("eval", "--questions", str(tmp_path / "missing.jsonl"),
                     "--corpus", str(tmp_path), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"tradeoffs: error: --questions {tmp_path / 'missing.jsonl'} is not a file"]
    assert not (tmp_path / "out").exists()


def test_eval_with_only_bad_lines_asks_nothing_and_exits_1(tradeoffs, tmp_path: Path,
                                                           fixture_corpus: Path):
    questions = tmp_path / "questions.jsonl"
    questions.write_text('{"id": "x1", "kind": "lookup"}\n', encoding="utf-8")
    done = tradeoffs("eval", "--questions", str(questions), "--corpus", str(fixture_corpus),
                     "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    assert done.stderr.splitlines()[0].startswith(
        f"tradeoffs: bad question line {questions}:1: x1: missing field(s): ")
    assert not (tmp_path / "out").exists()
