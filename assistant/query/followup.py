"""Follow-up questions: carry the previous question's subject into the retrieval query.

Deterministic, for the extractive path; with an LLM configured, the LLM rewrites instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..language import BACK_REFERENCE, FOLLOW_UP_OPENING, SWAP_PREPOSITION
from .terms import key_terms

Turn = str | Mapping[str, str]


def previous_questions(history: Sequence[Turn] | None) -> list[str]:
    """User turns from a history of strings or {"role", "content"} messages."""
    questions = []
    for turn in history or ():
        if isinstance(turn, str):
            questions.append(turn)
        elif turn.get("role", "user") in ("user", "human"):
            questions.append(turn.get("content", ""))
    return [q for q in questions if q.strip()]


def is_follow_up(question: str) -> bool:
    """Whether the question refers back to the conversation."""
    return bool(FOLLOW_UP_OPENING.search(question) or BACK_REFERENCE.search(question))


def carry_over(question: str, history: Sequence[Turn] | None) -> str:
    """The retrieval query: the question itself, or, for a follow-up, the question plus
    the previous question's key terms, less those it swaps out. "And for inference?"
    after "Spot instances for training?" swaps what followed "for": training."""
    previous = previous_questions(history)
    if not previous or not is_follow_up(question):
        return question
    current = set(key_terms(question))
    swapped = set()
    for match in SWAP_PREPOSITION.finditer(question):
        swapped |= _object_terms(previous[-1], match.group(1).lower())
    subject = [t for t in key_terms(previous[-1]) if t not in current and t not in swapped]
    return f"{question.strip()} {' '.join(subject)}".strip()


def _object_terms(question: str, preposition: str) -> set[str]:
    """The key terms of the phrase after `preposition` in the question, up to the next
    preposition or punctuation ("for training data?" -> {training, data})."""
    terms: set[str] = set()
    for match in SWAP_PREPOSITION.finditer(question):
        if match.group(1).lower() != preposition:
            continue
        rest = re.split(r"[?.!,;:]|\b(?:for|in|on|with|during|under|at|across|from|to|and|or)\b",
                        question[match.end():], maxsplit=1, flags=re.I)[0]
        terms |= set(key_terms(rest))
    return terms
