"""One eval run: refresh the index of a corpus, ask the gold questions, build the report.

The index defaults to `<index_dir>/eval-<corpus name>-<hash of its path>` (index_dir from
Settings, `.tradeoffs` unless TRADEOFFS_INDEX_DIR says otherwise), so repeated runs over
the same corpus re-embed only the files that changed. The LangChain baseline keeps its
own Chroma collection in `langchain-baseline/` inside that index folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant import Assistant, RetrievalConfig
from ingest.embedding import Embedder, load_embedder
from ingest.pipeline import IngestSummary, Progress, ingest
from ingest.settings import Settings

from .questions import BadLine, Question, load_questions
from .report import write_report
from .runner import Record, Scored, Tick, ask_all, configurations, main_configuration, score
from .split import ALL, select

# (label, total) -> a tick to call once per question done, or None for no progress.
TickFactory = Callable[[str, int], Tick | None]


@dataclass(frozen=True)
class EvalRequest:
    questions: Path
    corpus: Path
    out: Path
    index_dir: Path | None = None  # None: the default above
    k: int = 5
    compare: bool = False
    split: str = ALL  # ask only the questions of this half (`evals.split`)
    # Also run the default configuration with each of these embedding backends, each in
    # its own index under `<index>/embedder-<backend>`, to compare embedders.
    embedders: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvalOutcome:
    report: dict[str, Any]
    bad: tuple[BadLine, ...]
    files: list[Path]
    ingest: IngestSummary


def default_index_dir(settings: Settings, corpus: Path) -> Path:
    """Where `tradeoffs eval` keeps the index of `corpus` unless --index is given."""
    resolved = corpus.resolve()
    tag = hashlib.sha256(str(resolved).encode()).hexdigest()[:8]
    return settings.index_dir / f"eval-{resolved.name}-{tag}"


def run_eval(request: EvalRequest, settings: Settings, embedder: Embedder | None = None,
             ingest_progress: Progress | None = None,
             ticks: TickFactory | None = None) -> EvalOutcome:
    """Run the eval and write report.json, report.md and report.png into request.out.

    `embedder` shares an already loaded model (ingest, every configuration and the
    baseline all use it); None loads the configured backend once.
    """
    loaded = load_questions(request.questions)
    questions = select(loaded.questions, request.split)
    index_dir = request.index_dir or default_index_dir(settings, request.corpus)
    settings = replace(settings, index_dir=index_dir)
    embedder = embedder or load_embedder(settings, purpose="query")
    summary = ingest(request.corpus, settings, progress=ingest_progress, embedder=embedder)

    def tick(label: str) -> Tick | None:
        return ticks(label, len(questions)) if ticks else None

    main, default = main_configuration(settings)
    configs = configurations() if request.compare else {}
    configs.setdefault(main, default)  # runs once even when it is one of those compared
    scored: dict[str, Scored] = {}
    for name, config in configs.items():
        assistant = Assistant.open(settings=settings, retrieval=config, embedder=embedder)
        scored[name] = score(name, ask_all(assistant, questions, request.k, tick(name)),
                             request.k)
    if request.compare:
        from .baseline import NAME, Baseline

        baseline = Baseline.build(request.corpus, index_dir / "langchain-baseline", embedder)
        scored[NAME] = score(NAME, baseline.ask_all(questions, request.k, tick(NAME)),
                             request.k, answers=False)
    for backend in request.embedders:
        label = f"{main} [{backend}]"
        scored[label] = score(label, _ask_with_embedder(request, settings, backend, default,
                                                        questions, tick(label)), request.k)

    report = build_report(request, index_dir, loaded.bad, scored, summary, main,
                          answerer=settings.llm or "extractive")
    files = write_report(report, request.out)
    return EvalOutcome(report, loaded.bad, files, summary)


def _ask_with_embedder(request: EvalRequest, settings: Settings, backend: str,
                       config: RetrievalConfig, questions: list[Question],
                       tick: Tick | None) -> list[Record]:
    """Index the corpus with another embedding backend (in its own folder) and ask there."""
    own = replace(settings, index_dir=settings.index_dir / f"embedder-{backend}",
                  embedder=backend)
    embedder = load_embedder(own, purpose="query")
    ingest(request.corpus, own, embedder=embedder)
    assistant = Assistant.open(settings=own, retrieval=config, embedder=embedder)
    return ask_all(assistant, questions, request.k, tick)


def build_report(request: EvalRequest, index_dir: Path, bad: tuple[BadLine, ...],
                 scored: dict[str, Scored], summary: IngestSummary, main: str,
                 answerer: str) -> dict[str, Any]:
    """The report.json document (see `evals.report`); `main` names the configuration
    whose metrics, by_kind, splits and records come first."""
    report: dict[str, Any] = {
        "questions_file": str(request.questions),
        "corpus": str(request.corpus),
        "index": str(index_dir),
        "k": request.k,
        "split": request.split,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "configuration": main,
        "answerer": answerer,
        "bad_lines": [b.message(str(request.questions)) for b in bad],
        "ingest": summary.as_dict(),
        "metrics": scored[main].metrics,
        "by_kind": scored[main].by_kind,
        "splits": scored[main].splits,
        "records": scored[main].records,
    }
    if request.compare:
        from .baseline import NAME

        report["baseline"] = NAME
    if request.compare or request.embedders:
        # Every configuration carries its own records, so each column can be recomputed.
        report["comparison"] = {name: s.to_dict() for name, s in scored.items()}
    return report
