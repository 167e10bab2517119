"""`tradeoffs bench`: speed and memory figures, each read as a ratio against its floor.

Figures, not tests: they depend on the machine and on what else it is doing, so the
table records the load average next to them. Per embedder backend:
- full ingest into a fresh index vs embedding its chunk texts (same loaded model);
- a no-change re-ingest process vs a bare `python -c pass`;
- warm `ask` p50/p95 over ~30 gold questions vs one query embedding + one vector query;
- a cold `tradeoffs ask --json` process vs a process that loads the model and embeds;
- the UI's first answer in a fresh process vs the same harness loading the model.
Once: a whole `ask` p50/p95 and the serving process's peak memory at 1x, 10x and 100x
the corpus (`--scales`), on embedded Chroma and on a `chroma run` server (`bench_scale`).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .bench_scale import budget_lines, scale_figures
from .bench_steps import (
    Figure,
    cold_ask,
    ingest_vs_embedding,
    reingest_vs_python,
    ui_first_answer,
    warm_asks,
)
from .questions import Question, load_questions

if TYPE_CHECKING:
    from ingest.settings import Settings

WARM_QUESTIONS = 30
SCALES = (1, 10, 100)


@dataclass(frozen=True)
class BenchRequest:
    corpus: Path
    out: Path
    questions: Path
    embedders: tuple[str, ...] = ()  # empty: the configured backend
    scales: tuple[int, ...] = SCALES
    scale_cache: Path | None = None  # keeps each multiple's index for later runs
    scale_only: bool = False  # only the scale figures (the corpus is indexed as their base)


def varied(questions: Sequence[Question], n: int) -> list[Question]:
    """Up to n answerable-or-not questions taken round-robin across kinds."""
    by_kind: dict[str, list[Question]] = {}
    for q in questions:
        by_kind.setdefault(q.kind, []).append(q)
    picked: list[Question] = []
    while len(picked) < n and any(by_kind.values()):
        for kind in sorted(by_kind):
            if by_kind[kind] and len(picked) < n:
                picked.append(by_kind[kind].pop(0))
    return picked


def backend_figures(backend: str, request: BenchRequest, questions: list[Question],
                    workdir: Path, settings: Settings) -> tuple[list[Figure], Path | None]:
    """All per-backend figures, and the index they built (None when the backend fails)."""
    from ingest.embedding import load_embedder

    try:
        own = replace(settings, embedder=backend)
        embedder = load_embedder(own, purpose="ingest")
    except Exception as exc:  # an unknown or uninstalled backend is a row, not a crash
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return [Figure("backend", backend, None, None, "", "", f"n/a: {reason}")], None
    label = backend if backend == embedder.backend else f"{backend} ({embedder.backend})"
    index_dir = workdir / f"index-{backend}"
    first = next(q.question for q in questions if q.answerable)
    figures = [ingest_vs_embedding(request.corpus, index_dir, embedder, backend),
               reingest_vs_python(request.corpus, index_dir, backend)]
    # Asking uses the backend's query-time setting, as `Assistant.open` would load it.
    asker = load_embedder(own, purpose="query")
    figures += warm_asks(index_dir, asker, backend, [q.question for q in questions])
    figures += cold_ask(index_dir, backend, first)
    figures.append(ui_first_answer(index_dir, backend, first))
    return [replace(f, backend=label) for f in figures], index_dir


def render_table(figures: Sequence[Figure]) -> str:
    """Per-backend figures (one column per backend), then the scale figures, which
    involve no model; each cell reads `value / floor unit = ratio`."""
    per_backend = [f for f in figures if f.backend != "-"]
    backends = list(dict.fromkeys(f.backend for f in per_backend))
    # A figure may be set against more than one floor: one row per figure and floor.
    rows: dict[tuple[str, str], dict[str, Figure]] = {}
    for f in per_backend:
        rows.setdefault((f.name, f.floor_name), {})[f.backend] = f
    parts = []
    if rows:
        parts.append(_text_table(
            ["figure", "floor", *backends],
            [[name, floor, *(_cell(cells.get(b)) for b in backends)]
             for (name, floor), cells in rows.items()]))
    scale = [f for f in figures if f.backend == "-"]
    if scale:
        parts.append(_text_table(["scale figure", "floor", "value / floor"],
                                 [[f.name, f.floor_name, _cell(f)] for f in scale]))
    return "\n\n".join(parts)


def _text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in [header, *rows]]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(figure: Figure | None) -> str:
    if figure is None:
        return ""
    if figure.value is None:
        return figure.note or "n/a"
    floor = _number(figure.floor) if figure.floor is not None else "n/a"
    ratio = f" = {figure.ratio:.2f}x" if figure.ratio is not None else ""
    return f"{_number(figure.value)} / {floor} {figure.unit}{ratio}"


def _number(value: float) -> str:
    """Three significant figures or so, without exponents."""
    magnitude = abs(value)
    places = 0 if magnitude >= 100 else 1 if magnitude >= 10 else 2 if magnitude >= 0.1 else 3
    return f"{value:,.{places}f}"


def run_bench(request: BenchRequest, settings: Settings) -> int:
    """Measure, print the table, write bench.json into request.out; returns the exit code.
    Each backend is measured with its own default settings; `settings` names the
    configured backend and where the ONNX export is cached."""
    from ingest.settings import Settings

    loaded = load_questions(request.questions)
    questions = varied(loaded.questions, WARM_QUESTIONS)
    backends = request.embedders or (settings.embedder,)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    load_before = os.getloadavg()
    figures: list[Figure] = []
    workdir = Path(tempfile.mkdtemp(prefix="tradeoffs-bench-"))
    try:
        index_dir = None
        for backend in dict.fromkeys(backends) if not request.scale_only else ():
            print(f"measuring backend {backend} ...", file=sys.stderr)
            found, built = backend_figures(backend, request, questions, workdir, settings)
            figures += found
            index_dir = index_dir or built
        if request.scale_only:
            from ingest.pipeline import ingest

            index_dir = workdir / "base"
            ingest(request.corpus, Settings(index_dir=index_dir))
        if index_dir is not None:
            print("measuring scale ...", file=sys.stderr)
            figures += scale_figures(index_dir, request.questions, request.scales,
                                     request.scale_cache or workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    load_after = os.getloadavg()
    print(render_table(figures))
    for line in budget_lines(figures):
        print(line)
    print(f"\nmachine: {os.cpu_count()} cores, {platform.python_implementation()} "
          f"{platform.python_version()}; load average {load_before[0]:.1f} before, "
          f"{load_after[0]:.1f} after")
    request.out.mkdir(parents=True, exist_ok=True)
    path = request.out / "bench.json"
    path.write_text(json.dumps({
        "started_at": started, "corpus": str(request.corpus), "cores": os.cpu_count(),
        "python": platform.python_version(), "load_average": [load_before, load_after],
        "figures": [f.to_dict() for f in figures],
    }, indent=1))
    print(f"wrote {path}")
    return 0
