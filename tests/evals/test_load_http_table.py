"""The table `tradeoffs bench --load --http` prints: a column per worker count, and the
throughput of N workers against one."""

from __future__ import annotations

from evals.load import LoadFigures
from evals.load_http import HttpRun, render_runs


def _figures(p95: float, alone: float, stale: int = 0) -> LoadFigures:
    return LoadFigures(clients=8, questions=1600, errors=0, stale=stale,
                       marker_questions_after_ingest=120, p50_ms=p95 / 2, p95_ms=p95,
                       unloaded_p50_ms=alone / 2, unloaded_p95_ms=alone,
                       p95_ratio=round(p95 / alone, 2), ingest_seconds=3.2,
                       error_examples=())


def test_the_table_reads_each_worker_count_against_one():
    table = render_runs([HttpRun(1, 40.0, _figures(180.0, 30.0)),
                         HttpRun(2, 70.0, _figures(90.0, 30.0, stale=1))])
    lines = table.splitlines()
    assert "1 worker" in lines[0] and "2 workers" in lines[0]
    assert any(line.startswith("throughput ") and "40.0 answers/s" in line
               and "70.0 answers/s" in line for line in lines)
    assert any("6.0x" in line and "3.0x" in line for line in lines)
    assert any("1 of 120" in line for line in lines)
    assert "throughput at 2 workers / 1 worker: 1.75x" in table
