"""The three files of an eval run: report.json (everything), report.md (tables) and
report.png (metrics by question kind and by configuration).

`report` below is the dict written to report.json: `metrics`, `by_kind` and `records` of
the default configuration, plus `comparison` (name -> the same three) with --compare.
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
KIND_ORDER = ["lookup", "paraphrase", "tradeoff", "comparison", "cross_chapter", "unanswerable"]


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


def render_markdown(report: Mapping[str, Any]) -> str:
    """report.md: overall metrics, metrics per question kind, and the comparison."""
    by_kind = report["by_kind"]
    parts = [
        "# Answer-quality eval",
        "",
        f"- questions: `{report['questions_file']}` ({len(report['records'])} asked, "
        f"{len(report['bad_lines'])} bad line(s) skipped)",
        f"- corpus: `{report['corpus']}`; index: `{report['index']}`",
        f"- configuration: {report['configuration']}; k = {report['k']}; "
        f"answerer: {report.get('answerer', 'extractive')}",
        "",
        "## Overall",
        "",
        metrics_table({report["configuration"]: report["metrics"]}),
        "",
        "## By question kind",
        "",
        metrics_table({kind: by_kind[kind] for kind in kinds_in(by_kind)}),
    ]
    if report.get("comparison"):
        columns = {name: c["metrics"] for name, c in report["comparison"].items()}
        parts += [
            "",
            "## Configurations compared",
            "",
            "Same questions, same corpus, same embedding model. "
            f"The {report['baseline']} is scored on retrieval only (— for answer metrics).",
            "",
            metrics_table(columns),
        ]
    if report["bad_lines"]:
        parts += ["", "## Skipped lines", ""] + [f"- {line}" for line in report["bad_lines"]]
    return "\n".join(parts) + "\n"


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
