"""Answerers tried in turn: when the language model fails, the extractive answer stands
in, and the reader is told so once, by a `Notice` in the stream and the answer's
`fallback` field."""

from __future__ import annotations

import logging
from collections.abc import Generator, Iterator, Sequence
from dataclasses import replace

from ..models import Answer, Notice, fallback_notice
from ..query.reading import Query
from ..retrieval.evidence import Evidence
from .base import Answerer, AnswererFailed

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
