"""The tune / held-out split: fixed by the question id, about half each, and every
bundled gold file is well formed, so each of its questions lands in one half."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.check_gold import shape_problems
from evals.runner import score
from evals.split import HELDOUT, TUNE, in_split, select, split_of

EVALS_DATA = Path(__file__).resolve().parents[2] / "evals" / "data"
GOLD_FILES = sorted(EVALS_DATA.glob("*.jsonl"))


def test_the_half_of_an_id_never_changes():
    # Pinned: a change to the hash would silently move questions between halves.
    assert {i: split_of(i) for i in ("q001", "q002", "w001", "web02")} == {
        "q001": TUNE, "q002": HELDOUT, "w001": HELDOUT, "web02": TUNE}


def test_a_thousand_ids_split_roughly_in_half():
    tune = sum(split_of(f"q{n:04d}") == TUNE for n in range(1000))
    assert 450 <= tune <= 550


def test_select_keeps_one_half_or_all_and_rejects_unknown_names():
    ids = [{"id": f"x{n}"} for n in range(40)]
    tune, held = select(ids, "tune"), select(ids, "heldout")
    assert len(tune) + len(held) == 40 and not {d["id"] for d in tune} & {d["id"] for d in held}
    assert select(ids, "all") == ids
    with pytest.raises(ValueError, match="unknown split 'dev'"):
        in_split("x1", "dev")


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_every_bundled_gold_file_is_well_formed_and_split_in_both_halves(path: Path):
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    assert [(q["id"], shape_problems(q)) for q in lines if shape_problems(q)] == []
    assert len({q["id"] for q in lines}) == len(lines)
    tune = sum(split_of(q["id"]) == TUNE for q in lines)
    assert 0.3 <= tune / len(lines) <= 0.7, f"{tune} of {len(lines)} in the tune half"


def test_scores_are_reported_per_half_and_per_kind_within_a_half():
    def record(qid: str, kind: str, hit: bool) -> dict:
        expected = [{"file": "a.md", "section": "S"}]
        passage = {"file": "a.md" if hit else "b.md", "section_path": ["S"], "text": "x"}
        return {"id": qid, "kind": kind, "answerable": True, "expected": expected,
                "must_mention": ["x"], "passages": [passage], "latency_ms": 1.0}

    ids = [f"id{n}" for n in range(12)]
    records = [record(i, "lookup" if n % 2 else "tradeoff", split_of(i) == TUNE)
               for n, i in enumerate(ids)]

    scored = score("dense", records, k=5, answers=False)

    assert scored.splits["tune"]["metrics"]["section_hit@k"] == 1.0
    assert scored.splits["heldout"]["metrics"]["section_hit@k"] == 0.0
    tune_count = sum(split_of(i) == TUNE for i in ids)
    assert scored.splits["tune"]["metrics"]["questions"] == tune_count
    assert 0 < tune_count < 12
    for half in ("tune", "heldout"):
        kinds = scored.splits[half]["by_kind"]
        assert sum(m["questions"] for m in kinds.values()) == scored.splits[half][
            "metrics"]["questions"]
    only_tune = score("dense", select(records, "tune"), k=5, answers=False)
    assert list(only_tune.splits) == ["tune"]


def test_an_eval_of_one_half_asks_only_its_questions_and_reports_that_half(
        tmp_path: Path, fixture_corpus: Path, embedder):
    from evals.evaluate import EvalRequest, run_eval
    from ingest.settings import Settings

    lookup = {"kind": "lookup", "answerable": True, "notes": "",
              "expected": [{"file": "pod-identity.md", "section": "EKS Pod Identity"}],
              "must_mention": ["pods.eks.amazonaws.com"],
              "question": "Which service principal does the EKS Pod Identity role trust?"}
    questions = tmp_path / "questions.jsonl"
    # s1 is in the tune half, s2 and s3 in the held-out half.
    questions.write_text("\n".join(json.dumps({"id": i, **lookup}) for i in ("s1", "s2", "s3"))
                         + "\n", encoding="utf-8")
    settings = Settings.from_env(environ={}, index_dir=tmp_path / "index")

    outcome = run_eval(EvalRequest(questions, fixture_corpus, tmp_path / "out", k=3,
                                   split="heldout"), settings, embedder=embedder)

    report = outcome.report
    assert [r["id"] for r in report["records"]] == ["s2", "s3"]
    assert {r["split"] for r in report["records"]} == {"heldout"}
    assert report["split"] == "heldout" and list(report["splits"]) == ["heldout"]
    assert report["splits"]["heldout"]["metrics"] == report["metrics"]
    text = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "| metric | all | heldout |" in text
    assert "### By question kind, held-out half" in text
