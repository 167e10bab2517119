"""The opt-in question log (`TRADEOFFS_QUESTION_LOG`), and the gaps it shows.

Off unless the setting names a SQLite file. It keeps each question's text and outcome
only (refused, low confidence or answered, the confidence score and the nearest
section): no answer text, no user, no address. `tradeoffs gaps` reads it back as the
questions the documents failed, grouped by the section they came nearest to, so the
people who own the documents see what is missing.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from assistant import Answer, Settings

log = logging.getLogger("tradeoffs.question_log")

REFUSED, LOW, ANSWERED = "refused", "low confidence", "answered"
NO_SECTION = "(no section came near)"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    asked_at TEXT NOT NULL,
    source TEXT NOT NULL,
    index_dir TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    outcome TEXT NOT NULL,
    confidence REAL,
    file TEXT NOT NULL DEFAULT '',
    section TEXT NOT NULL DEFAULT ''
)
"""


@dataclass(frozen=True)
class Outcome:
    outcome: str  # REFUSED, LOW or ANSWERED
    confidence: float | None
    file: str  # the nearest section's file, "" when nothing came near
    section: str  # "Chapter › Section"

    @classmethod
    def of(cls, answer: Answer) -> Outcome:
        """What an answer says about the documents: refused, weak, or answered, and the
        section it leaned on most (its first citation, else its best passage)."""
        level = answer.confidence.level if answer.confidence else None
        outcome = REFUSED if answer.refused else LOW if level == "low" else ANSWERED
        score = answer.confidence.score if answer.confidence else None
        if answer.citations:
            first = answer.citations[0]
            return cls(outcome, score, first.file, first.label)
        if answer.passages:
            best = answer.passages[0]
            inner = best.section_path[-1] if len(best.section_path) > 1 else ""
            label = f"{best.chapter} › {inner}" if inner else best.chapter
            return cls(outcome, score, best.file, label)
        return cls(outcome, score, "", "")


@dataclass(frozen=True)
class Gap:
    """The questions that failed near one section, most asked first."""

    file: str
    section: str
    count: int
    questions: tuple[tuple[str, int], ...]  # each distinct question and how often

    def to_dict(self) -> dict[str, object]:
        return {"file": self.file, "section": self.section, "count": self.count,
                "questions": [{"question": q, "count": n} for q, n in self.questions]}


class QuestionLog:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Several processes (workers, the app, MCP) may write at once: wait, don't fail.
        with closing(sqlite3.connect(self.path, timeout=10)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)
            with db:
                yield db

    def record(self, question: str, outcome: Outcome, source: str, index_dir: str) -> None:
        with self._connect() as db:
            db.execute("INSERT INTO questions (asked_at, source, index_dir, question, outcome, "
                       "confidence, file, section) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (datetime.now(UTC).isoformat(timespec="seconds"), source, index_dir,
                        question, outcome.outcome, outcome.confidence, outcome.file,
                        outcome.section))

    def gaps(self, index_dir: str | None = None) -> list[Gap]:
        """Refused and low-confidence questions, grouped by nearest section, biggest
        first; only those asked of `index_dir` when it is given."""
        if not self.path.exists():
            return []
        query = "SELECT file, section, question FROM questions WHERE outcome IN (?, ?)"
        params: tuple[str, ...] = (REFUSED, LOW)
        if index_dir is not None:
            query += " AND index_dir = ?"
            params += (index_dir,)
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY id", params).fetchall()
        groups: dict[tuple[str, str], list[str]] = {}
        for file, section, question in rows:
            groups.setdefault((file, section), []).append(question)
        gaps = [Gap(file, section or NO_SECTION, len(qs), tuple(Counter(qs).most_common()))
                for (file, section), qs in groups.items()]
        return sorted(gaps, key=lambda g: (-g.count, g.file, g.section))


def record_answer(settings: Settings, question: str, answer: Answer, source: str) -> None:
    """Log the question's outcome when the log is on; a failing log never fails an answer."""
    if settings.question_log is None:
        return
    try:
        QuestionLog(settings.question_log).record(question, Outcome.of(answer), source,
                                                  log_key(settings.index_dir))
    except (sqlite3.Error, OSError) as exc:
        log.warning("could not write the question log %s (%s)", settings.question_log, exc)


def log_key(index_dir: Path) -> str:
    """How the log names an index: its absolute path."""
    return str(Path(index_dir).resolve())
