"""The chat as the app keeps it: one Exchange per question, in session state."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant import Answer, fallback_notice

STOPPED_NOTICE = "Stopped: this answer is incomplete, and its sources were not checked."


@dataclass(frozen=True)
class Exchange:
    """A question, its answer and how it was produced."""

    question: str
    answer: Answer
    mode: str  # "extractive" or "llm", as asked
    stopped: bool = False  # the reader stopped it: its text so far, nothing checked
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    @property
    def notices(self) -> tuple[str, ...]:
        """What the reader should know before the answer, in the order it happened."""
        answer = self.answer
        fallback = (fallback_notice(answer.fallback),) if answer.fell_back else ()
        stopped = (STOPPED_NOTICE,) if self.stopped else ()
        return (*answer.notices, *fallback, *stopped)


def history(exchanges: Sequence[Exchange]) -> list[dict[str, str]]:
    """The conversation so far, as role/content messages for `Assistant.stream`."""
    messages: list[dict[str, str]] = []
    for exchange in exchanges:
        messages.append({"role": "user", "content": exchange.question})
        messages.append({"role": "assistant", "content": exchange.answer.text})
    return messages
