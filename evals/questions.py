"""Gold question files (JSON Lines): parse each line, keep the good ones, name the bad ones.

The shape of a line is the one `evals.check_gold` documents. Here only the shape is
checked, so that an eval can run on a set while its headings are still being fixed;
`python -m evals.check_gold` checks the headings and phrases against the corpus.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .check_gold import shape_problems
from .split import split_of


@dataclass(frozen=True)
class Expected:
    file: str
    section: str


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    kind: str
    answerable: bool
    expected: tuple[Expected, ...]
    must_mention: tuple[str, ...]
    notes: str = ""
    line: int = 0  # where it came from, for messages

    def gold(self) -> dict[str, Any]:
        """The fields the metrics read, and the question's half of the split, as plain
        JSON values."""
        return {
            "id": self.id, "split": split_of(self.id), "question": self.question,
            "kind": self.kind,
            "answerable": self.answerable,
            "expected": [{"file": e.file, "section": e.section} for e in self.expected],
            "must_mention": list(self.must_mention),
        }


@dataclass(frozen=True)
class BadLine:
    line: int
    id: str  # "?" when the line has no usable id
    reasons: tuple[str, ...]

    def message(self, source: str) -> str:
        """One line: `SOURCE:LINE: id: reason; reason`."""
        return f"{source}:{self.line}: {self.id}: {'; '.join(self.reasons)}"


@dataclass(frozen=True)
class QuestionSet:
    questions: tuple[Question, ...]
    bad: tuple[BadLine, ...]


def parse_questions(lines: list[str]) -> QuestionSet:
    """Good questions and bad lines of a JSON Lines text; blank lines are skipped."""
    good: list[Question] = []
    bad: list[BadLine] = []
    first_line: dict[str, int] = {}
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            bad.append(BadLine(lineno, "?", (f"invalid JSON ({exc.msg})",)))
            continue
        if not isinstance(raw, dict):
            bad.append(BadLine(lineno, "?", ("line is not a JSON object",)))
            continue
        qid = raw["id"] if isinstance(raw.get("id"), str) and raw["id"].strip() else "?"
        reasons = shape_problems(raw)
        if qid in first_line:
            reasons.append(f"duplicate id (first used on line {first_line[qid]})")
        if reasons:
            bad.append(BadLine(lineno, qid, tuple(reasons)))
            continue
        first_line[qid] = lineno
        good.append(_question(raw, lineno))
    return QuestionSet(tuple(good), tuple(bad))


def load_questions(path: Path) -> QuestionSet:
    """Parse a question file (UTF-8 JSON Lines)."""
    return parse_questions(path.read_text(encoding="utf-8").splitlines())


def _question(raw: dict[str, Any], lineno: int) -> Question:
    return Question(
        id=raw["id"], question=raw["question"], kind=raw["kind"],
        answerable=raw["answerable"],
        expected=tuple(Expected(e["file"], e["section"]) for e in raw["expected"]),
        must_mention=tuple(raw["must_mention"]), notes=raw["notes"], line=lineno,
    )
