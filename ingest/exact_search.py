"""Exact nearest neighbours over the index's own vectors, for indexes that fit in memory.

Chroma's HNSW search is approximate, and which near neighbours it misses differs from
one process to the next: the same question could rank different passages on every
run. Up to `EXACT_LIMIT` chunks, a matrix product over all vectors is both exact and
faster than a query. The vectors are read from the store once per index generation
and kept beside the chunk records (an ingest writes them there), so a reader whose
generation has them needs no store at all: a read-only index answers from them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from .chunk_table import chunk_ids
from .errors import IndexBroken
from .snapshot import IndexSnapshot
from .vector_store import VectorStore

VECTORS_FILE = "vectors.npy"
EXACT_LIMIT = 200_000  # 300 MB of float32 vectors at 384 dimensions


class ExactSearch:
    """Cosine similarity of a query to every chunk, rows in snapshot order."""

    def __init__(self, matrix: np.ndarray) -> None:
        self.matrix = matrix  # unit rows, one per chunk of the snapshot

    def similarities(self, vector: np.ndarray) -> np.ndarray:
        norm = float(np.linalg.norm(vector)) or 1.0
        return self.matrix @ (vector.astype(np.float32) / norm)

    def nearest(self, ids: list[str]) -> Callable[[np.ndarray, int], list[tuple[str, float]]]:
        """A function giving the `n` rows most similar to a vector as (id, similarity);
        `ids` names the rows."""
        def top(vector: np.ndarray, n: int) -> list[tuple[str, float]]:
            similarity = self.similarities(vector)
            rows = np.argsort(-similarity, kind="stable")[:n]
            return [(ids[i], float(similarity[i])) for i in rows]
        return top

    @classmethod
    def open(cls, snapshot: IndexSnapshot, store: VectorStore) -> ExactSearch | None:
        """The index's vectors, from the generation's cache or else from the store;
        None when the index is too large. IndexBroken when a chunk has no stored vector."""
        ids = chunk_ids(snapshot.chunks)
        directory = snapshot.manifest.generation_dir(snapshot.index_dir)
        matrix = _load(directory / VECTORS_FILE, len(ids))
        return cls(matrix) if matrix is not None else cls.write(directory, ids, store)

    @classmethod
    def write(cls, directory: Path, ids: list[str],
              store: VectorStore) -> ExactSearch | None:
        """Read the vectors of `ids` from the store and cache them in `directory`."""
        if not ids or len(ids) > EXACT_LIMIT:
            return None
        stored = store.vectors(ids)
        if stored is None:  # answering without them would call every question not covered
            raise IndexBroken(str(directory.parent),
                              f"{store.location} lacks vectors of its chunks")
        matrix = _unit_rows(stored)
        _save(directory / VECTORS_FILE, matrix)
        return cls(matrix)


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def cached_vectors(directory: Path, rows: int) -> np.ndarray | None:
    """A generation's cached unit vectors, if it has them for all its `rows` chunks."""
    return _load(directory / VECTORS_FILE, rows)


def _load(path: Path, rows: int) -> np.ndarray | None:
    try:
        matrix = np.load(path)
    except (OSError, ValueError):
        return None
    return matrix if matrix.ndim == 2 and matrix.shape[0] == rows else None


def _save(path: Path, matrix: np.ndarray) -> None:
    tmp = path.with_suffix(".tmp.npy")
    try:
        np.save(tmp, matrix)
        tmp.replace(path)
    except OSError:
        pass  # a read-only index reads its vectors from the store again next time
