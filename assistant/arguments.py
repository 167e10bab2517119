"""Checks of what a caller passes to the Assistant, and the caps on what it returns.

Each bad argument becomes a UsageError that names it, instead of a TypeError deep inside
retrieval or a silently different answer.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from ingest.errors import UnknownChapter, UsageError
from ingest.records import State
from ingest.safe_text import strip_controls
from ingest.settings import Settings

from .models import Answer, AnswerMode, Passage

TRUNCATED = " […]"


def check_k(k: object) -> None:
    """`k` is a whole number of passages, at least one (None means the default)."""
    if k is None:
        return
    if isinstance(k, bool) or not isinstance(k, int):
        raise UsageError(f"k must be a whole number of passages, not {k!r}")
    if k < 1:
        raise UsageError(f"k must be at least 1 (got {k}): it is how many passages to use")


def check_question(question: object) -> None:
    if question is not None and not isinstance(question, str):
        raise UsageError(f"the question must be text, not {type(question).__name__}")


def clean_question(question: str) -> str:
    """The question without invalid code points (a lone surrogate: an undecodable byte
    of a command-line argument) or terminal controls, which no tokenizer takes."""
    return strip_controls(question)


def check_history(history: object) -> None:
    """A conversation: a list of questions, or of {"role", "content"} messages."""
    if history is None:
        return
    if isinstance(history, str | bytes) or not isinstance(history, Sequence) or not all(
            isinstance(t, str) or (isinstance(t, Mapping)
                                   and isinstance(t.get("content", ""), str))
            for t in history):
        raise UsageError("history must be a list of questions or of {\"role\", \"content\"} "
                         "messages")


def check_parts(parts: object) -> tuple[str, ...] | None:
    """Decision parts to search; a single string is one part."""
    if parts is None:
        return None
    if isinstance(parts, str):
        parts = (parts,)
    if not isinstance(parts, Sequence | set | frozenset) or not all(
            isinstance(p, str) for p in parts):
        raise UsageError("parts must be a list of decision part names")
    return tuple(parts) or None


def check_statuses(statuses: object) -> frozenset[str] | None:
    """The decision statuses to keep ("accepted", "proposed", ...), or None for all."""
    if statuses is None:
        return None
    if isinstance(statuses, str):
        statuses = (statuses,)
    if not isinstance(statuses, Sequence | set | frozenset) or not all(
            isinstance(s, str) for s in statuses):
        raise UsageError("statuses must be a list of decision statuses")
    known = [state.value for state in State]
    unknown = [s for s in statuses if s.lower() not in known]
    if unknown:
        raise UsageError(f"unknown status {unknown[0]!r}; statuses are {', '.join(known)}")
    return frozenset(s.lower() for s in statuses) or None


def check_mode(mode: object) -> AnswerMode | None:
    try:
        return AnswerMode.parse(mode)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def check_index_dir(index_dir: object) -> None:
    if index_dir is not None and not isinstance(index_dir, str | Path):
        raise UsageError(f"index_dir must be a path, not {type(index_dir).__name__}")


def check_chapters(chapters: object, files: Collection[str]) -> tuple[str, ...] | None:
    """The chapter filter as a tuple; each name must be an indexed file, by its relative
    path or its file name alone. A single string is one chapter."""
    if chapters is None:
        return None
    if isinstance(chapters, str):
        chapters = (chapters,)
    if not isinstance(chapters, Sequence | set | frozenset) or not all(
            isinstance(c, str) for c in chapters):
        raise UsageError("chapters must be a list of file names")
    names = tuple(chapters)
    basenames = {f.rsplit("/", 1)[-1] for f in files}
    unknown = [c for c in names if c not in files and c not in basenames]
    if unknown:
        raise UnknownChapter(unknown, sorted(files))
    return names or None


def cap_text(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word and marked as cut."""
    if len(text) <= limit:
        return text
    head = text[:max(limit - len(TRUNCATED), 0)]
    if " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip() + TRUNCATED


def cap_passages(passages: Sequence[Passage], limit: int) -> list[Passage]:
    return [p if len(p.text) <= limit else replace(p, text=cap_text(p.text, limit))
            for p in passages]


def cap_answer(answer: Answer, settings: Settings) -> Answer:
    """The answer with its text and passages within the configured limits."""
    text = cap_text(answer.text, settings.max_answer_chars)
    passages = tuple(cap_passages(answer.passages, settings.max_passage_chars))
    if text is answer.text and all(a is b for a, b in zip(passages, answer.passages,
                                                          strict=True)):
        return answer
    return replace(answer, text=text, passages=passages)
