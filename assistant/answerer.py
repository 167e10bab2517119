"""The answerer interface: the one step that differs between extractive and LLM answers.

Both receive the read `Query` and the `Evidence` retrieval gathered for it, and yield
the answer text in pieces as it is written, then the final `Answer`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from .models import Answer, Confidence, Passage
from .query import Query


@dataclass(frozen=True)
class Evidence:
    passages: tuple[Passage, ...]  # the k passages, best first
    table_material: tuple[Passage, ...]  # each option's own sections, for a comparison
    confidence: Confidence
    not_covered: tuple[str, ...] = ()  # names in the question no passage speaks to


class AnswererFailed(Exception):
    """The answerer could not answer (a provider error); another one should stand in."""


class Answerer(Protocol):
    def answer(self, query: Query, evidence: Evidence) -> Iterator[str | Answer]:
        """Yield text pieces as they are written, then the final Answer."""
        ...
