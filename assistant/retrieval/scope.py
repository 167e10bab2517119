"""Where one question looks, and how much it brings back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """Where to look and how much to bring back."""

    k: int  # passages
    max_chars: int  # of all passages together
    chapters: Sequence[str] | None = None
    parts: Sequence[str] | None = None
