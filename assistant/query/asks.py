"""The asks of a question: "what replaced X, and why does Y still need it?" asks two
things, and an answer must take up each of them in turn."""

from __future__ import annotations

import re

from ..language import ASK_BOUNDARY, ASK_OPENING
from .terms import key_terms

# A sentence end inside the question: a second question follows.
_QUESTION_END = re.compile(r"(?<=[?])\s+(?=\S)")


def split_asks(question: str) -> tuple[str, ...]:
    """The question's asks, in order; the whole question when it asks one thing.

    Asks are split where one question ends and another starts, and where "and" opens
    a new question ("..., and which ...", "... and how ..."). A piece without a word
    of its own ("..., and why?") is no ask: it stays with the one before it.
    """
    text = question.strip()
    pieces = [piece for sentence in _QUESTION_END.split(text)
              for piece in ASK_BOUNDARY.split(sentence)]
    asks: list[str] = []
    for piece in pieces:
        piece = ASK_OPENING.sub("", piece).strip()
        if asks and not key_terms(piece):
            asks[-1] = f"{asks[-1]} and {piece}" if piece else asks[-1]
        elif piece:
            asks.append(piece)
    if len(asks) < 2 or not all(key_terms(ask) for ask in asks):
        return (text,)
    return tuple(asks)
