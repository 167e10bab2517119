"""The three files of an eval run: report.json (everything), report.md (tables) and
report.png (metrics by question kind and by configuration).

`report` below is the dict written to report.json: `metrics`, `by_kind`, `splits` (tune
and heldout, each with its own `metrics` and `by_kind`) and `records` of the default
configuration, plus `comparison` (name -> the same four) with --compare.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

# Metrics in table order; the ones in [0, 1] are also charted.
ORDER = [
    "file_hit@k", "section_hit@k", "file_mrr", "section_mrr", "ndcg@10", "fact_recall@k",
    "answer_fact_coverage", "citation_precision", "groundedness", "refusal_recall",
    "false_refusal_rate", "context_chars", "latency_p50_ms", "latency_p95_ms", "questions",
]
CHARTED = ORDER[:10]
# The figures a one-line summary of a run shows (`evals.quality`).
HEADLINE = [
    "section_hit@k", "section_mrr", "fact_recall@k", "answer_fact_coverage",
    "citation_precision", "refusal_recall", "false_refusal_rate",
]
HALF_LABELS = {"tune": "tune", "heldout": "held-out"}
KIND_ORDER = [
    "lookup", "quantitative", "paraphrase", "multi_part", "tradeoff", "comparison",
    "cross_chapter", "status", "unanswerable",
]


def format_value(name: str, value: float | None) -> str:
    if value is None:
        return "—"
    if name in ("context_chars", "questions"):
        return f"{value:,.0f}"
    if name.startswith("latency"):
        return f"{value:,.1f}"
    return f"{value:.3f}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub-flavoured Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def metrics_table(columns: Mapping[str, Mapping[str, float | None]]) -> str:
    """One row per metric, one column per named set of metrics."""
    names = [m for m in ORDER if any(m in c for c in columns.values())]
    rows = [[m, *(format_value(m, c.get(m)) for c in columns.values())] for m in names]
    return table(["metric", *columns], rows)


def kinds_in(by_kind: Mapping[str, Any]) -> list[str]:
    known = [k for k in KIND_ORDER if k in by_kind]
    return known + sorted(set(by_kind) - set(known))


def by_half(result: Mapping[str, Any]) -> dict[str, Mapping[str, float | None]]:
    """"all" and then each half of the split present in `result` (a report or one of its
    comparison entries) -> that set's metrics."""
    halves = result.get("splits") or {}
    return {"all": result["metrics"], **{h: halves[h]["metrics"] for h in halves}}


def _kind_tables(by_kind: Mapping[str, Any], halves: Mapping[str, Any]) -> list[str]:
    parts = ["## By question kind", "", metrics_table({k: by_kind[k] for k in kinds_in(by_kind)})]
    for half, result in halves.items():
        kinds = result["by_kind"]
        parts += ["", f"### By question kind, {HALF_LABELS.get(half, half)} half", "",
                  metrics_table({k: kinds[k] for k in kinds_in(kinds)})]
    return parts


def render_markdown(report: Mapping[str, Any]) -> str:
    """report.md: overall metrics (all questions and each half of the split), metrics per
    question kind (likewise), and the comparison."""
    halves = report.get("splits") or {}
    parts = [
        "# Answer-quality eval",
        "",
        f"- questions: `{report['questions_file']}` ({len(report['records'])} asked, "
        f"{len(report['bad_lines'])} bad line(s) skipped)",
        f"- corpus: `{report['corpus']}`; index: `{report['index']}`",
        f"- configuration: {report['configuration']}; k = {report['k']}; "
        f"answerer: {report.get('answerer', 'extractive')}",
        f"- questions asked: {report.get('split', 'all')} (tune / held-out halves by a hash "
        "of the question id)",
        "",
        "## Overall",
        "",
        metrics_table(by_half(report)),
        "",
        *_kind_tables(report["by_kind"], halves),
    ]
    if report.get("comparison"):
        columns = {name: c["metrics"] for name, c in report["comparison"].items()}
        parts += [
            "",
            "## Configurations compared",
            "",
            "Same questions, same corpus; a name ending in [backend] used that embedding "
            "backend, every other column the configured one. "
            + (f"The {report['baseline']} is scored on retrieval only (— for answer metrics)."
               if report.get("baseline") else ""),
            "",
            metrics_table(columns),
        ]
        for half in halves:
            columns = {name: c["splits"][half]["metrics"]
                       for name, c in report["comparison"].items() if half in c.get("splits", {})}
            parts += ["", f"### Configurations compared, {HALF_LABELS.get(half, half)} half",
                      "", metrics_table(columns)]
    if report["bad_lines"]:
        parts += ["", "## Skipped lines", ""] + [f"- {line}" for line in report["bad_lines"]]
    return "\n".join(parts) + "\n"


def headline_table(reports: Mapping[str, Mapping[str, Any]]) -> str:
    """One row per named report and half (all, tune, heldout), one column per HEADLINE
    metric, plus the number of questions in the row."""
    header = ["set", "half", *HEADLINE, "questions"]
    rows = []
    for name, report in reports.items():
        for half, metrics in by_half(report).items():
            rows.append([name, HALF_LABELS.get(half, half),
                         *(format_value(m, metrics.get(m)) for m in HEADLINE),
                         format_value("questions", metrics.get("questions"))])
    return table(header, rows)


def render_chart(report: Mapping[str, Any], path: Path) -> None:
    """report.png: charted metrics by question kind (left) and by configuration (right)."""
    import matplotlib

    matplotlib.use("Agg")  # files only; never a window
    import matplotlib.pyplot as plt

    by_kind = report["by_kind"]
    configs = report.get("comparison") or {report["configuration"]: report}
    fig, (left, right) = plt.subplots(1, 2, figsize=(16, 7), constrained_layout=True)
    _grouped_bars(left, groups=kinds_in(by_kind), series=CHARTED,
                  value=lambda group, metric: by_kind[group].get(metric))
    left.set_title(f"By question kind ({report['configuration']})")
    _grouped_bars(right, groups=CHARTED, series=list(configs),
                  value=lambda metric, name: configs[name]["metrics"].get(metric))
    right.set_title("By configuration")
    fig.suptitle(f"{Path(report['questions_file']).name} over {Path(report['corpus']).name}, "
                 f"k = {report['k']}")
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _grouped_bars(ax: Any, groups: list[str], series: list[str], value: Any) -> None:
    width = 0.8 / max(len(series), 1)
    for i, name in enumerate(series):
        xs, ys = [], []
        for g, group in enumerate(groups):
            v = value(group, name)
            if v is not None:  # a metric that does not apply gets no bar, not a zero
                xs.append(g + (i - (len(series) - 1) / 2) * width)
                ys.append(v)
        ax.bar(xs, ys, width, label=name)
    ax.set_xticks(range(len(groups)), groups, rotation=30, ha="right")
    ax.set_ylim(0, 1.05)
    ax.grid(axis="y", alpha=0.3)
    # Below the axes, so the legend never hides a bar.
    ax.legend(fontsize=8, ncols=min(len(series), 5), loc="upper center",
              bbox_to_anchor=(0.5, -0.22), frameon=False)


def write_report(report: Mapping[str, Any], out: Path) -> list[Path]:
    """Write report.json, report.md and report.png into `out`; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "report.json", out / "report.md", out / "report.png"]
    paths[0].write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    paths[1].write_text(render_markdown(report), encoding="utf-8")
    render_chart(report, paths[2])
    return paths
