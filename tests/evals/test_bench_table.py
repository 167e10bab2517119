"""How `tradeoffs bench` presents its figures (the figures themselves are not tested)."""

from __future__ import annotations

from evals.bench import render_table, varied
from evals.bench_steps import Figure
from evals.questions import Question


def test_table_has_a_column_per_backend_and_says_why_a_figure_is_missing():
    figures = [
        Figure("cold ask (process)", "sentence-transformers", 12.0, 8.0, "s", "load + embed"),
        Figure("cold ask (process)", "onnx", 2.5, 1.0, "s", "load + embed"),
        Figure("cold ask (process)", "onnx", 2.5, 2.0, "s", "load + embed + query"),
        Figure("UI first answer (process)", "onnx", None, None, "s", "harness",
               "n/a: ui/web/app.py not found"),
        Figure("query p50 at 10x (5,440 chunks)", "-", 3.0, 12.0, "ms", "exact numpy"),
    ]
    lines = render_table(figures).splitlines()
    assert lines[0].split(" | ")[2:] == ["sentence-transformers", "onnx"]
    cold, cold_query = [line for line in lines if line.startswith("cold ask")]
    assert cold.split(" | ")[2:] == ["12.0 / 8.00 s = 1.50x", "2.50 / 1.00 s = 2.50x"]
    # The same figure against a second floor is a row of its own.
    assert cold_query.split(" | ")[1].strip() == "load + embed + query"
    assert [c.strip() for c in cold_query.split(" | ")[2:]] == ["", "2.50 / 2.00 s = 1.25x"]
    ui = next(line for line in lines if line.startswith("UI first answer"))
    assert ui.rstrip().endswith("| n/a: ui/web/app.py not found")
    # Figures that involve no model are listed once, in a table of their own.
    scale = lines.index(next(line for line in lines if line.startswith("scale figure")))
    assert lines[scale + 2].endswith("| 3.00 / 12.0 ms = 0.25x")
    assert sum("query p50 at 10x" in line for line in lines) == 1


def test_warm_ask_questions_are_taken_round_robin_across_kinds():
    def q(i: int, kind: str) -> Question:
        return Question(f"q{i}", f"question {i}?", kind, kind != "unanswerable", (), ())

    pool = [q(1, "lookup"), q(2, "lookup"), q(3, "lookup"), q(4, "tradeoff"),
            q(5, "unanswerable")]
    assert [x.id for x in varied(pool, 4)] == ["q1", "q4", "q5", "q2"]
    assert len(varied(pool, 30)) == 5
