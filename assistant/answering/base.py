"""The answerer interface, the one step that differs between extractive and LLM answers,
and answerers tried in turn: when the language model fails, the extractive answer stands
in, and the reader is told so once, by a `Notice` in the stream and the answer's
`fallback` field.

Both receive the read `Query` and the `Evidence` retrieval gathered for it, and yield
the answer text in pieces as it is written, then the final `Answer`.
"""

from __future__ import annotations

import logging
from collections.abc import Generator, Iterator, Sequence
from dataclasses import replace
from typing import Protocol

from ..models import Answer, Notice, fallback_notice
from ..query.reading import Query
from ..retrieval.evidence import Evidence


class AnswererFailed(Exception):
    """The answerer could not answer (a provider error); another one should stand in."""


class Answerer(Protocol):
    def answer(self, query: Query, evidence: Evidence) -> Iterator[str | Answer]:
        """Yield text pieces as they are written, then the final Answer."""
        ...


log = logging.getLogger(__name__)


def answer_with(answerers: Sequence[Answerer], query: Query, evidence: Evidence
                ) -> Generator[str | Notice, None, Answer]:
    """Yield the first answerer's text pieces; if it fails, a Notice, then the next
    one's. Returns the Answer of the one that answered."""
    reason: str | None = None
    for answerer in answerers:
        try:
            answer = yield from _text_of(answerer.answer(query, evidence))
        except AnswererFailed as exc:
            log.warning("the LLM answer failed (%s); answering extractively", exc)
            reason = str(exc)
            yield Notice(fallback_notice())
            continue
        if reason is None:
            return answer
        return replace(answer, text=f"_{fallback_notice()}_\n\n{answer.text}", fallback=reason)
    raise AssertionError("the last answerer, the extractive one, always answers")


def _text_of(pieces: Iterator[str | Answer]) -> Generator[str, None, Answer]:
    """Pass an answerer's text pieces on; return its final Answer."""
    answer: Answer | None = None
    for piece in pieces:
        if isinstance(piece, Answer):
            answer = piece
        else:
            yield piece
    assert answer is not None, "an answerer ends with its Answer"
    return answer
