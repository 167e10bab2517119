"""Ask every gold question through the public `Assistant` API and score the answers.

A *record* is the JSON written for one question: the gold fields the metrics read
(`kind`, `answerable`, `expected`, `must_mention`) next to what the assistant returned,
so the metrics can be recomputed from a report alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant import Answer, Assistant, Mode, Passage, RetrievalConfig, Settings

from .metrics import compute
from .questions import Question
from .split import HALVES, select

Record = dict[str, Any]
Tick = Callable[[], None]  # called once per question answered

def configurations() -> dict[str, RetrievalConfig]:
    """Our retrieval configurations compared by `tradeoffs eval --compare`, by name."""
    return {
        "dense": RetrievalConfig(mode=Mode.DENSE, diversity=False),
        "keyword": RetrievalConfig(mode=Mode.KEYWORD, diversity=False),
        "hybrid": RetrievalConfig(mode=Mode.HYBRID, diversity=False),
        "hybrid+diversity": RetrievalConfig(mode=Mode.HYBRID, diversity=True),
    }


def main_configuration(settings: Settings) -> tuple[str, RetrievalConfig]:
    """The configuration `Assistant.open` uses when given none (the settings' own): the
    one every eval reports first, named as in `configurations()` when it is one of them."""
    default = settings.tuning.retrieval
    name = next((n for n, c in configurations().items() if c == default), "default")
    return name, default


@dataclass(frozen=True)
class Scored:
    """One configuration's records and the metrics computed from them: over all records,
    per question kind, and the same two for each half of the split (`evals.split`)."""

    name: str
    records: list[Record]
    metrics: dict[str, float | None]
    by_kind: dict[str, dict[str, float | None]]
    answers: bool  # False for retrieval-only configurations (no answer metrics)
    splits: dict[str, dict[str, Any]] = field(default_factory=dict)  # half -> metrics, by_kind

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "answers": self.answers, "metrics": self.metrics,
                "by_kind": self.by_kind, "splits": self.splits, "records": self.records}


def passage_json(p: Passage) -> dict[str, Any]:
    return {"file": p.file, "section_path": list(p.section_path), "covers": list(p.covers),
            "start": p.start, "end": p.end, "text": p.text, "score": p.score}


def answer_record(question: Question, answer: Answer, latency_ms: float) -> Record:
    """The record of one asked question."""
    return {
        **question.gold(),
        "answer": answer.text,
        "refused": answer.refused,
        "not_covered": list(answer.not_covered),
        "citations": [{"n": c.n, "file": c.file, "section_path": list(c.section_path),
                       "quote": c.quote} for c in answer.citations],
        "passages": [passage_json(p) for p in answer.passages],
        "latency_ms": round(latency_ms, 2),
    }


def ask_all(assistant: Assistant, questions: Sequence[Question], k: int,
            tick: Tick | None = None) -> list[Record]:
    """Ask each question once; latency is the wall time of `ask`, after one warm-up
    question so that lazily built state (vocabulary, caches) is not charged to the first."""
    if questions:
        assistant.ask(questions[0].question, k=k)
    records = []
    for question in questions:
        started = time.perf_counter()
        answer = assistant.ask(question.question, k=k)
        records.append(answer_record(question, answer, (time.perf_counter() - started) * 1000))
        if tick:
            tick()
    return records


def by_kind(records: Sequence[Record], k: int, answers: bool = True
            ) -> dict[str, dict[str, float | None]]:
    """Metrics per question kind (records carry their gold fields)."""
    kinds = sorted({r["kind"] for r in records})
    return {kind: compute(subset, subset, k, answers=answers)
            for kind in kinds if (subset := [r for r in records if r["kind"] == kind])}


def score(name: str, records: Sequence[Record], k: int, answers: bool = True) -> Scored:
    """Metrics over all records, per question kind, and both per half of the split; a
    half with no question (e.g. after `--split tune`) is left out."""
    splits = {}
    for half in HALVES:
        subset = select(records, half)
        if subset:
            splits[half] = {"metrics": compute(subset, subset, k, answers=answers),
                            "by_kind": by_kind(subset, k, answers)}
    return Scored(name, list(records), compute(records, records, k, answers=answers),
                  by_kind(records, k, answers), answers, splits)
