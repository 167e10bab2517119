"""The chat as the app keeps it: one Exchange per question, in session state."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant import Answer


@dataclass(frozen=True)
class Exchange:
    """A question, its answer and how it was produced."""

    question: str
    answer: Answer
    mode: str  # "extractive" or "llm"
    notices: tuple[str, ...] = ()  # e.g. the question was shortened, the LLM failed
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])


def history(exchanges: Sequence[Exchange]) -> list[dict[str, str]]:
    """The conversation so far, as role/content messages for `Assistant.stream`."""
    messages: list[dict[str, str]] = []
    for exchange in exchanges:
        messages.append({"role": "user", "content": exchange.question})
        messages.append({"role": "assistant", "content": exchange.answer.text})
    return messages
