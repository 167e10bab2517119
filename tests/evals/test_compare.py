"""`--compare`: our retrieval configurations and the LangChain baseline, one table."""

from __future__ import annotations

import json
from pathlib import Path

from evals.evaluate import EvalRequest, run_eval
from ingest.settings import Settings

QUESTIONS = [
    {"id": "c1", "question": "Which service principal does the EKS Pod Identity role trust?",
     "kind": "lookup", "answerable": True,
     "expected": [{"file": "pod-identity.md", "section": "EKS Pod Identity"}],
     "must_mention": ["pods.eks.amazonaws.com"], "notes": ""},
    {"id": "c2", "question": "Should checkpoints go to S3, FSx for Lustre or EFS?",
     "kind": "comparison", "answerable": True,
     "expected": [{"file": "training-storage.md", "section": "Trade-offs"}],
     "must_mention": ["FSx for Lustre"], "notes": ""},
]
CONFIGS = ["dense", "keyword", "hybrid", "hybrid+diversity", "langchain-baseline"]


def test_compare_scores_every_configuration_on_the_same_questions(
        tmp_path: Path, fixture_corpus: Path, embedder):
    questions = tmp_path / "questions.jsonl"
    questions.write_text("\n".join(json.dumps(q) for q in QUESTIONS) + "\n", encoding="utf-8")
    settings = Settings.from_env(environ={}, index_dir=tmp_path / "index")
    request = EvalRequest(questions, fixture_corpus, tmp_path / "out", compare=True, k=3)

    outcome = run_eval(request, settings, embedder=embedder)

    comparison = outcome.report["comparison"]
    assert list(comparison) == CONFIGS
    for name, result in comparison.items():
        assert [r["id"] for r in result["records"]] == ["c1", "c2"], name
        for record in result["records"]:
            # k passages, plus any comparison-table material the answer cites.
            cited = {(c["file"], tuple(c["section_path"])) for c in record.get("citations", ())}
            extra = record["passages"][3:]
            assert all((p["file"], tuple(p["section_path"])) in cited for p in extra), name
    baseline = comparison["langchain-baseline"]
    assert baseline["answers"] is False
    assert "answer_fact_coverage" not in baseline["metrics"]
    assert baseline["records"][0]["passages"][0]["file"] == "pod-identity.md"
    # The default configuration is the report's main one, not a second run of it.
    assert outcome.report["records"] == comparison["hybrid+diversity"]["records"]
    table = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "| metric | " + " | ".join(CONFIGS) + " |" in table
    # Without --index, the eval keeps its own index (and the baseline's) under index_dir.
    index = Path(outcome.report["index"])
    assert index.parent == tmp_path / "index" and index.name.startswith("eval-corpus-")
    assert (index / "manifest.json").is_file()
    assert (index / "langchain-baseline" / "chroma").is_dir()


def test_another_embedding_backend_is_indexed_apart_and_scored_beside_the_default(
        tmp_path: Path, fixture_corpus: Path, embedder):
    questions = tmp_path / "questions.jsonl"
    questions.write_text("\n".join(json.dumps(q) for q in QUESTIONS) + "\n", encoding="utf-8")
    settings = Settings.from_env(environ={}, index_dir=tmp_path / "index",
                                 cache_dir=tmp_path / "cache")
    request = EvalRequest(questions, fixture_corpus, tmp_path / "out", k=3,
                          embedders=("sentence-transformers",))

    outcome = run_eval(request, settings, embedder=embedder)

    comparison = outcome.report["comparison"]
    assert list(comparison) == ["hybrid+diversity", "hybrid+diversity [sentence-transformers]"]
    other = comparison["hybrid+diversity [sentence-transformers]"]
    assert [r["id"] for r in other["records"]] == ["c1", "c2"]
    assert other["records"][0]["passages"][0]["file"] == "pod-identity.md"
    index = Path(outcome.report["index"])
    assert (index / "embedder-sentence-transformers" / "manifest.json").is_file()
    assert "baseline" not in outcome.report
    table = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "| metric | hybrid+diversity | hybrid+diversity [sentence-transformers] |" in table
