"""The metric definitions, on hand-made records whose right values are easy to see."""

from __future__ import annotations

import pytest

from evals.metrics import citation_precision, compute, groundedness, ndcg10, section_rr

GOLD = {"kind": "lookup", "answerable": True,
        "expected": [{"file": "06-storage.md", "section": "FSx for Lustre"},
                     {"file": "03-compute.md", "section": "Trainium"}],
        "must_mention": ["250 MB/s", "scratch"]}


def _passage(file: str, *path: str, text: str = "") -> dict:
    return {"file": file, "section_path": list(path), "start": 0, "end": len(text),
            "text": text}


def test_section_match_needs_the_file_and_the_heading_anywhere_in_the_path():
    record = {"passages": [
        _passage("docs/03-compute.md", "Compute", "FSx for Lustre"),  # wrong file
        _passage("corpus/06-storage.md", "Storage", "FSx for Lustre", "Throughput"),
    ]}
    assert section_rr(GOLD, record, k=5) == 0.5
    assert section_rr(GOLD, record, k=1) == 0.0


def test_a_passage_holding_small_sections_whole_matches_each_of_them():
    gold = {"answerable": True, "must_mention": [],
            "expected": [{"file": "adr/0007-queue.md", "section": "Status"}]}
    merged = {**_passage("adr/0007-queue.md", "7. Queue"), "covers": ["Status", "Context"]}
    elsewhere = {**_passage("adr/0008-cache.md", "8. Cache"), "covers": ["Status"]}
    assert section_rr(gold, {"passages": [elsewhere, merged]}, k=5) == 0.5
    assert section_rr(gold, {"passages": [_passage("adr/0007-queue.md", "7. Queue")]},
                      k=5) == 0.0


def test_an_expected_file_with_folders_tells_apart_files_of_the_same_name():
    gold = {"answerable": True, "must_mention": [],
            "expected": [{"file": "blueprints/index.md", "section": "Overview"}]}
    record = {"passages": [_passage("ai/index.md", "Overview"),
                           _passage("site/blueprints/index.md", "Overview")],
              "citations": [{"n": 1, "file": "ai/index.md"},
                            {"n": 2, "file": "blueprints/index.md"}]}
    assert section_rr(gold, record, k=5) == 0.5
    assert citation_precision(gold, record, k=5) == 0.5
    # A bare name still matches on the name alone, as before.
    bare = {**gold, "expected": [{"file": "index.md", "section": "Overview"}]}
    assert section_rr(bare, record, k=5) == 1.0


def test_ndcg_counts_each_expected_section_once():
    twice = {"passages": [_passage("06-storage.md", "FSx for Lustre")] * 2
             + [_passage("03-compute.md", "Trainium")]}
    ideal = 1 + 1 / 1.5849625007211563
    assert ndcg10(GOLD, twice) == pytest.approx((1 + 0.5) / ideal)


def test_compute_splits_answerable_and_unanswerable_questions():
    answered = {**GOLD, "passages": [_passage("06-storage.md", "FSx for Lustre",
                                              text="scratch file systems, 250 MB/s per TiB")],
                "answer": "Use scratch [1].", "refused": False, "latency_ms": 10.0,
                "citations": [{"n": 1, "file": "06-storage.md", "quote": "Use scratch."}]}
    unanswerable = {"kind": "unanswerable", "answerable": False, "expected": [],
                    "must_mention": [], "passages": [], "answer": "", "citations": [],
                    "refused": True, "latency_ms": 30.0}
    metrics = compute([answered, unanswerable], [answered, unanswerable], k=5)
    assert metrics["fact_recall@k"] == 1.0
    assert metrics["answer_fact_coverage"] == 0.5
    assert metrics["citation_precision"] == 1.0
    assert metrics["refusal_recall"] == 1.0
    assert metrics["false_refusal_rate"] == 0.0
    assert metrics["latency_p95_ms"] == 30.0
    assert groundedness(GOLD, answered, 5) == 1.0
