"""Follow-up questions: carry the previous question's subject into the retrieval query.

Deterministic, for the extractive path; with an LLM configured, the LLM rewrites instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .terms import key_terms

Turn = str | Mapping[str, str]

_FOLLOW_UP = re.compile(
    r"^\s*(and|also|what about|how about|same for|what if|but|then|or|so)\b"
    r"|\b(it|its|that|this|those|these|they|them|one|ones)\b", re.I)

# Contrasting subjects: a follow-up naming one replaces the other.
CONTRASTS: tuple[frozenset[str], ...] = (
    frozenset({"training", "inference", "serving", "fine-tuning"}),
    frozenset({"dev", "development", "staging", "prod", "production"}),
    frozenset({"gpu", "gpus", "cpu", "cpus", "trainium", "inferentia"}),
    frozenset({"s3", "fsx", "efs", "ebs"}),
    frozenset({"cost", "performance", "security", "latency", "throughput"}),
    frozenset({"small", "large", "startup", "enterprise"}),
)


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
    return bool(_FOLLOW_UP.search(question)) or len(key_terms(question)) <= 2


def carry_over(question: str, history: Sequence[Turn] | None) -> str:
    """The retrieval query: the question itself, or, for a follow-up, the question plus
    the previous question's subject terms that it does not replace."""
    previous = previous_questions(history)
    if not previous or not is_follow_up(question):
        return question
    current = set(key_terms(question))
    subject = []
    for term in key_terms(previous[-1]):
        replaced = any(term in group and current & group for group in CONTRASTS)
        if not replaced and term not in current:
            subject.append(term)
    return f"{question.strip()} {' '.join(subject)}".strip()
