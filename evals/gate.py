"""The CI gate: metrics of the bundled gold set against the bounds in evals/thresholds.toml."""

from __future__ import annotations

import argparse
import json
import math
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

THRESHOLDS = Path(__file__).with_name("thresholds.toml")


@dataclass(frozen=True)
class Bound:
    metric: str
    min: float | None = None
    max: float | None = None

    def violation(self, value: float | None) -> str | None:
        """Why `value` breaks this bound, or None when it holds."""
        if value is None:
            return f"{self.metric} was not computed"
        if self.min is not None and value < self.min:
            return f"{self.metric} = {value:.4f} is below its minimum {self.min}"
        if self.max is not None and value > self.max:
            return f"{self.metric} = {value:.4f} is above its maximum {self.max}"
        return None


def load_bounds(path: Path = THRESHOLDS) -> list[Bound]:
    """The `[metrics]` table: one `"name" = { min = x }` (or `max`) per gated metric."""
    table = tomllib.loads(path.read_text(encoding="utf-8"))["metrics"]
    bounds = []
    for metric, limits in table.items():
        if not set(limits) <= {"min", "max"} or not limits:
            raise ValueError(f"{path}: {metric} needs `min` and/or `max`, got {sorted(limits)}")
        bounds.append(Bound(metric, limits.get("min"), limits.get("max")))
    return bounds


def violations(metrics: Mapping[str, float | None], bounds: list[Bound]) -> list[str]:
    """One message per broken bound; empty when the gate passes."""
    return [v for b in bounds if (v := b.violation(metrics.get(b.metric))) is not None]


# Gated with a ceiling: lower is better, or more is not better.
CEILINGS = frozenset({"false_refusal_rate", "context_chars"})
UNGATED = frozenset({"latency_p50_ms", "latency_p95_ms", "questions"})


def suggest(metrics: Mapping[str, float | None], margin: float = 0.03) -> str:
    """A `[metrics]` table at the measured values less `margin`, rounded down to two
    places (ceilings: plus `margin`, rounded up; context_chars, a character count: +10%)."""
    lines = ["[metrics]"]
    for metric, value in metrics.items():
        if metric in UNGATED or value is None:
            continue
        if metric == "context_chars":
            lines.append(f'"{metric}" = {{ max = {round(value * 1.1, -1):.0f} }}')
        elif metric in CEILINGS:
            ceiling = min(math.ceil((value + margin) * 100) / 100, 1.0)
            lines.append(f'"{metric}" = {{ max = {ceiling:.2f} }}')
        else:
            floor = max(math.floor((value - margin) * 100) / 100, 0.0)
            lines.append(f'"{metric}" = {{ min = {floor:.2f} }}')
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """`python -m evals.gate REPORT.json [--suggest]`: check a report against the
    thresholds (exit 1 on a violation), or print thresholds measured from it."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("report", type=Path, help="report.json of `tradeoffs eval`")
    parser.add_argument("--suggest", action="store_true",
                        help="print a [metrics] table at the measured values less 0.03")
    args = parser.parse_args(argv)
    metrics = json.loads(args.report.read_text(encoding="utf-8"))["metrics"]
    if args.suggest:
        print(suggest(metrics), end="")
        return 0
    bounds = load_bounds()
    found = violations(metrics, bounds)
    for problem in found:
        print(problem)
    print(f"{len(bounds)} bounds, {len(found)} violated")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
