"""The CI gate: the bundled gold set over corpus/ai-on-eks-why must keep every gated
metric within its bound in evals/thresholds.toml. Also checks that the report it
writes is complete: the metrics can be recomputed from report.json alone."""

from __future__ import annotations

import json

from evals.gate import load_bounds, violations
from evals.metrics import compute
from evals.report import ORDER

REQUIRED = {"id", "kind", "question", "answer", "refused", "not_covered", "citations",
            "passages", "latency_ms"}


def test_bundled_gold_set_meets_the_thresholds(bundled_eval):
    report = bundled_eval.report
    assert report["metrics"]["questions"] == 66.0
    assert bundled_eval.bad == ()
    assert violations(report["metrics"], load_bounds()) == []


def test_every_quality_metric_is_gated():
    gated = {b.metric for b in load_bounds()}
    ungated = {"latency_p50_ms", "latency_p95_ms", "questions"}
    assert gated == set(ORDER) - ungated


def test_report_json_records_recompute_every_metric(bundled_eval):
    report = json.loads((bundled_eval.files[0]).read_text(encoding="utf-8"))
    records = report["records"]
    assert len(records) == 66
    for record in records:
        assert REQUIRED <= record.keys()
        for passage in record["passages"]:
            assert {"file", "section_path", "start", "end", "text"} <= passage.keys()
        for citation in record["citations"]:
            assert {"file", "section_path"} <= citation.keys()
    assert compute(records, records, report["k"]) == report["metrics"]
    for kind, metrics in report["by_kind"].items():
        subset = [r for r in records if r["kind"] == kind]
        assert compute(subset, subset, report["k"]) == metrics


def test_report_md_and_png_show_the_overall_and_per_kind_figures(bundled_eval):
    report_md, report_png = bundled_eval.files[1], bundled_eval.files[2]
    text = report_md.read_text(encoding="utf-8")
    metrics = bundled_eval.report["metrics"]
    assert f"| section_hit@k | {metrics['section_hit@k']:.3f} |" in text
    header = next(line for line in text.splitlines() if line.startswith("| metric | lookup"))
    assert header == ("| metric | lookup | paraphrase | tradeoff | comparison | cross_chapter "
                      "| unanswerable |")
    assert report_png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert report_png.stat().st_size > 20_000  # a drawn chart, not an empty canvas


def test_a_metric_below_its_bound_fails_the_gate():
    bounds = load_bounds()
    floor = next(b for b in bounds if b.min is not None)
    ceiling = next(b for b in bounds if b.max is not None)
    metrics = {b.metric: b.min if b.min is not None else b.max for b in bounds}
    assert violations(metrics, bounds) == []
    metrics[floor.metric] = floor.min - 0.01
    metrics[ceiling.metric] = ceiling.max + 0.01
    found = violations(metrics, bounds)
    assert sorted(found) == sorted([
        f"{floor.metric} = {floor.min - 0.01:.4f} is below its minimum {floor.min}",
        f"{ceiling.metric} = {ceiling.max + 0.01:.4f} is above its maximum {ceiling.max}",
    ])


def test_suggested_thresholds_leave_a_margin_below_the_measured_values():
    from evals.gate import suggest

    text = suggest({"section_hit@k": 0.907, "false_refusal_rate": 0.0, "context_chars": 2575.0,
                    "latency_p50_ms": 300.0, "refusal_recall": None})
    assert text.splitlines() == ["[metrics]", '"section_hit@k" = { min = 0.87 }',
                                 '"false_refusal_rate" = { max = 0.03 }',
                                 '"context_chars" = { max = 2830 }']
