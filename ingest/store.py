"""The vector store: Chroma, embedded on disk or as a server for a team.

The only module that talks to Chroma. The manifest, not Chroma, decides which chunks
are live: an interrupted ingest may leave vectors that no manifest names yet, and
readers ignore them until a later ingest commits or removes them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .settings import Settings

# Chroma reads this before any client exists; telemetry must never leave the machine.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


@dataclass(frozen=True)
class VectorHit:
    id: str
    distance: float  # cosine distance: 0 is identical


def store_location(settings: Settings) -> str:
    """Where the vectors live, as a user would look for them."""
    if settings.server_mode:
        return f"chroma server {settings.chroma_host}:{settings.chroma_port}"
    return str(settings.index_dir / "chroma")


class ChromaStore:
    def __init__(self, settings: Settings, create: bool = True) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if settings.server_mode:
            self._client = chromadb.HttpClient(host=settings.chroma_host,
                                               port=settings.chroma_port,
                                               settings=chroma_settings)
        else:
            settings.index_dir.mkdir(parents=True, exist_ok=True)
            self._client = chromadb.PersistentClient(path=str(settings.index_dir / "chroma"),
                                                     settings=chroma_settings)
        self.location = store_location(settings)
        # We embed ourselves: no embedding function, so Chroma never fetches a model.
        self._collection = self._client.get_or_create_collection(
            settings.collection, embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
        )

    def upsert(self, ids: Sequence[str], vectors: np.ndarray,
               metadatas: Sequence[dict[str, str | int]]) -> None:
        for start in range(0, len(ids), 1000):  # stay under the server's batch limit
            end = start + 1000
            self._collection.upsert(ids=list(ids[start:end]), embeddings=vectors[start:end],
                                    metadatas=list(metadatas[start:end]))

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), 1000):
            self._collection.delete(ids=list(ids[start:start + 1000]))

    def ids(self) -> set[str]:
        return set(self._collection.get(include=[])["ids"])

    def vectors(self, ids: Sequence[str]) -> np.ndarray | None:
        """The stored vectors of `ids`, in that order; None if any is missing."""
        rows: dict[str, np.ndarray] = {}
        for start in range(0, len(ids), 1000):
            got = self._collection.get(ids=list(ids[start:start + 1000]),
                                       include=["embeddings"])
            rows.update(zip(got["ids"], got["embeddings"], strict=True))
        if len(rows) != len(ids):
            return None
        return np.asarray([rows[i] for i in ids], dtype=np.float32)

    def count(self) -> int:
        return self._collection.count()

    def query(self, vector: np.ndarray, n: int, files: Sequence[str] | None = None
              ) -> list[VectorHit]:
        """The `n` nearest vectors; `n` must not exceed the number stored."""
        where = {"file": {"$in": list(files)}} if files else None
        result = self._collection.query(query_embeddings=vector.reshape(1, -1), n_results=n,
                                        where=where, include=["distances"])
        return [VectorHit(i, float(d)) for i, d in zip(result["ids"][0],
                                                       result["distances"][0], strict=True)]
