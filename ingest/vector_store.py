"""What the rest of the code needs of a vector store, as protocols any backend satisfies
without inheriting (Chroma today: `store.ChromaStore`, `store.LazyStore`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class VectorHit:
    id: str
    distance: float  # cosine distance: 0 is identical


class VectorStore(Protocol):
    """The reading side: what answering a question needs."""

    def query(self, vector: np.ndarray, n: int, files: Sequence[str] | None = None
              ) -> list[VectorHit]:
        """The `n` nearest vectors (fewer when fewer are stored), nearest first; only
        chunks of `files` when given."""
        ...

    def vectors(self, ids: Sequence[str]) -> np.ndarray | None:
        """The stored vectors of `ids`, in that order; None if any is missing."""
        ...


class WritableVectorStore(VectorStore, Protocol):
    """The writing side as well: what an ingest needs."""

    def upsert(self, ids: Sequence[str], vectors: np.ndarray,
               metadatas: Sequence[dict[str, str | int]]) -> None: ...

    def delete(self, ids: Sequence[str]) -> None: ...

    def ids(self) -> set[str]: ...

    def count(self) -> int: ...
