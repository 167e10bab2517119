"""Answer feedback in a local SQLite file, and its export as JSONL or CSV.

Every write is its own committed transaction on a short-lived connection, so a rating
survives a restart of the app the moment it is given, and Streamlit's threads never
share a connection.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path

from assistant import Citation
from ingest.errors import UsageError

RATINGS = ("down", "up")  # st.feedback("thumbs") gives 0 for down, 1 for up
FORMATS = ("jsonl", "csv")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    mode TEXT NOT NULL,
    rating TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT ''
)
"""


@dataclass(frozen=True)
class FeedbackRecord:
    """One rating of one answer; `citations` is the JSON list of what the answer cited."""

    question: str
    answer: str
    citations: str
    mode: str
    rating: str  # "up" or "down"
    comment: str = ""
    created_at: str = ""
    id: int | None = None


def citations_json(citations: Sequence[Citation]) -> str:
    """The citations as stored: number, file, label and section path of each."""
    return json.dumps([{"n": c.n, "file": c.file, "label": c.label,
                        "section_path": list(c.section_path)} for c in citations],
                      ensure_ascii=False)


class FeedbackStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def writable(self) -> bool:
        """Whether feedback can be stored here: not on a read-only file system or folder
        (a served, read-only index keeps its feedback file beside it by default)."""
        folder = next((p for p in (self.path.parent, *self.path.parent.parents) if p.exists()),
                      None)
        if folder is None or not os.access(folder, os.W_OK):
            return False
        return not self.path.exists() or os.access(self.path, os.W_OK)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=10)) as conn:
            conn.execute(_SCHEMA)
            with conn:  # commits on success, rolls back on error
                yield conn

    def add(self, record: FeedbackRecord) -> int:
        """Store a rating and return its row id."""
        if record.rating not in RATINGS:
            raise UsageError(f"rating must be one of {', '.join(RATINGS)}")
        created = record.created_at or datetime.now(UTC).isoformat(timespec="seconds")
        with self._connect() as conn:
            cursor = conn.execute(
                "INSERT INTO feedback (created_at, question, answer, citations, mode, rating,"
                " comment) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (created, record.question, record.answer, record.citations, record.mode,
                 record.rating, record.comment))
            return int(cursor.lastrowid or 0)

    def update(self, row_id: int, rating: str | None = None, comment: str | None = None) -> None:
        """Change the rating or the comment of a stored row (a reader may change their mind)."""
        if rating is not None and rating not in RATINGS:
            raise UsageError(f"rating must be one of {', '.join(RATINGS)}")
        with self._connect() as conn:
            if rating is not None:
                conn.execute("UPDATE feedback SET rating = ? WHERE id = ?", (rating, row_id))
            if comment is not None:
                conn.execute("UPDATE feedback SET comment = ? WHERE id = ?", (comment, row_id))

    def records(self) -> list[FeedbackRecord]:
        """Every stored rating, oldest first; none when the file does not exist yet."""
        if not self.path.exists():
            return []
        names = [f.name for f in fields(FeedbackRecord)]
        with self._connect() as conn:
            rows = conn.execute(f"SELECT {', '.join(names)} FROM feedback ORDER BY id").fetchall()
        return [FeedbackRecord(**dict(zip(names, row, strict=True))) for row in rows]


def export_format(path: Path, requested: str | None) -> str:
    """The export format: as requested, else from the file extension."""
    if requested:
        if requested not in FORMATS:
            raise UsageError(f"unknown format {requested!r}: use jsonl or csv")
        return requested
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    raise UsageError(f"cannot tell the format of {path.name}: pass --format jsonl or csv")


def write_export(records: Sequence[FeedbackRecord], path: Path, fmt: str) -> None:
    """Write the records as JSONL (citations as a list) or CSV (citations as JSON text)."""
    columns = ["id", "created_at", "question", "answer", "citations", "mode", "rating", "comment"]
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        if fmt == "jsonl":
            for record in records:
                row = asdict(record)
                row["citations"] = json.loads(record.citations or "[]")
                fh.write(json.dumps({c: row[c] for c in columns}, ensure_ascii=False) + "\n")
        else:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            for record in records:
                row = asdict(record)
                writer.writerow({c: row[c] for c in columns})
