"""The answerer interface: the one step that differs between extractive and LLM answers.

Both receive the read `Query` and the `Evidence` retrieval gathered for it, and yield
the answer text in pieces as it is written, then the final `Answer`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from ..models import Answer
from ..query.reading import Query
from ..retrieval.evidence import Evidence


class AnswererFailed(Exception):
    """The answerer could not answer (a provider error); another one should stand in."""


class Answerer(Protocol):
    def answer(self, query: Query, evidence: Evidence) -> Iterator[str | Answer]:
        """Yield text pieces as they are written, then the final Answer."""
        ...
