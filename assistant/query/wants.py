"""What a question asks its answer to hold, beside its words: one side of a choice, a
value, or a setting. Read once here; the answerers weigh their units by it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..language import ASKS_AMOUNT, ASKS_CONFIG, ASKS_DOWNSIDES, ASKS_DURATION, ASKS_UPSIDES


class Side(Enum):
    """One side of a choice: what it costs or what it brings."""

    DOWNSIDES = "downsides"
    UPSIDES = "upsides"
    BOTH = "both"  # "what do we gain and what do we give up?"


class Value(Enum):
    """A kind of value an answer states: a length of time, or any amount."""

    DURATION = "duration"
    AMOUNT = "amount"


@dataclass(frozen=True)
class Wants:
    side: Side | None = None  # "what are the drawbacks?": downsides
    value: Value | None = None  # "how long", "how many"
    config: bool = False  # "which setting", "what do I set"


def read_wants(text: str) -> Wants:
    """What the question asks its answer to hold (nothing in particular for most)."""
    down, up = ASKS_DOWNSIDES.search(text), ASKS_UPSIDES.search(text)
    side = (Side.BOTH if down and up else Side.DOWNSIDES if down
            else Side.UPSIDES if up else None)
    value = (Value.DURATION if ASKS_DURATION.search(text)
             else Value.AMOUNT if ASKS_AMOUNT.search(text) else None)
    return Wants(side, value, ASKS_CONFIG.search(text) is not None)
