"""The fixed tune / held-out split of every gold set.

A question's half follows from its id alone, so it never changes when questions are added,
removed or reordered: tune on one half, and read the other only to check that a change
generalises.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TypeVar

TUNE, HELDOUT, ALL = "tune", "heldout", "all"
HALVES = (TUNE, HELDOUT)
CHOICES = (TUNE, HELDOUT, ALL)

T = TypeVar("T")


def split_of(question_id: str) -> str:
    """"tune" when the first byte of sha256(id) is even, else "heldout"."""
    return TUNE if hashlib.sha256(question_id.encode("utf-8")).digest()[0] % 2 == 0 else HELDOUT


def in_split(question_id: str, split: str) -> bool:
    """Whether the question belongs to `split` (one of CHOICES; "all" takes every one)."""
    if split not in CHOICES:
        raise ValueError(f"unknown split {split!r}; choose one of {', '.join(CHOICES)}")
    return split == ALL or split_of(question_id) == split


def select(items: Iterable[T], split: str, key: str = "id") -> list[T]:
    """The items (questions or records, by their `id`) that belong to `split`."""
    return [item for item in items
            if in_split(item[key] if isinstance(item, dict) else getattr(item, key), split)]
