"""The vector store: Chroma, embedded on disk or as a server for a team.

The only module that talks to Chroma. The manifest, not Chroma, decides which chunks
are live: an interrupted ingest may leave vectors that no manifest names yet, and
readers ignore them until a later ingest commits or removes them.

Each index owns one collection, named from an id created once in its folder, so many
indexes can share one Chroma server without seeing (or deleting) each other's vectors.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from .errors import IndexBroken, StoreUnavailable
from .settings import Settings

INDEX_ID = "index-id"
_ID = re.compile(r"[0-9a-f]{32}")
T = TypeVar("T")

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


def index_id(index_dir: Path, create: bool) -> str:
    """The index's stable id, made on its first ingest and never changed afterwards."""
    path = index_dir / INDEX_ID
    try:
        value = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        if not create:
            raise IndexBroken(str(index_dir), f"its {INDEX_ID} file is missing") from None
        value = uuid.uuid4().hex
        index_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(value + "\n", encoding="ascii")
        os.replace(tmp, path)
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexBroken(str(index_dir), f"cannot read its {INDEX_ID} file: {exc}") from exc
    if not _ID.fullmatch(value):
        raise IndexBroken(str(index_dir), f"its {INDEX_ID} file holds no valid id")
    return value


def collection_name(settings: Settings, create: bool = False) -> str:
    """This index's own collection: the configured prefix and the index id."""
    return f"{settings.collection}-{index_id(settings.index_dir, create)}"


class ChromaStore:
    """One index's collection. `create` is for ingest; readers need it to exist already."""

    def __init__(self, settings: Settings, create: bool = False) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self._settings = settings
        self.location = store_location(settings)
        self.name = collection_name(settings, create)
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if settings.server_mode:
            self._client = self._call(lambda: chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port,
                settings=chroma_settings))
        else:
            settings.index_dir.mkdir(parents=True, exist_ok=True)
            self._client = chromadb.PersistentClient(path=str(settings.index_dir / "chroma"),
                                                     settings=chroma_settings)
        if create:
            # We embed ourselves: no embedding function, so Chroma never fetches a model.
            self._collection = self._call(lambda: self._client.get_or_create_collection(
                self.name, embedding_function=None,
                configuration={"hnsw": {"space": "cosine"}}))
        else:
            self._collection = self._call(self._existing)

    def _existing(self) -> Any:
        from chromadb.errors import NotFoundError

        try:
            return self._client.get_collection(self.name, embedding_function=None)
        except NotFoundError:
            raise IndexBroken(str(self._settings.index_dir),
                              f"its vectors, collection {self.name}, are missing from "
                              f"{self.location}") from None

    def _call(self, action: Callable[[], T]) -> T:
        """Run a Chroma call; a server that is down or refuses becomes StoreUnavailable."""
        if not self._settings.server_mode:
            return action()
        import httpx
        from chromadb.errors import ChromaError

        try:
            return action()
        except (ChromaError, ValueError, httpx.HTTPError, OSError) as exc:
            # The client says "could not connect" as a ValueError, the transport as httpx's.
            lines = str(exc).strip().splitlines()
            reason = lines[0][:160] if lines else type(exc).__name__
            raise StoreUnavailable(str(self._settings.chroma_host), self._settings.chroma_port,
                                   reason) from exc

    def upsert(self, ids: Sequence[str], vectors: np.ndarray,
               metadatas: Sequence[dict[str, str | int]]) -> None:
        for start in range(0, len(ids), 1000):  # stay under the server's batch limit
            end = start + 1000
            self._call(lambda s=start, e=end: self._collection.upsert(
                ids=list(ids[s:e]), embeddings=vectors[s:e], metadatas=list(metadatas[s:e])))

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), 1000):
            self._call(lambda s=start: self._collection.delete(ids=list(ids[s:s + 1000])))

    def ids(self) -> set[str]:
        return set(self._call(lambda: self._collection.get(include=[]))["ids"])

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
        return self._call(self._collection.count)

    def query(self, vector: np.ndarray, n: int, files: Sequence[str] | None = None
              ) -> list[VectorHit]:
        """The `n` nearest vectors (fewer when fewer are stored)."""
        where = {"file": {"$in": list(files)}} if files else None
        result = self._call(lambda: self._collection.query(
            query_embeddings=vector.reshape(1, -1), n_results=n, where=where,
            include=["distances"]))
        return [VectorHit(i, float(d)) for i, d in zip(result["ids"][0],
                                                       result["distances"][0], strict=True)]

    def drop_legacy_collection(self) -> None:
        """Drop the one collection every index shared before indexes had ids; only in an
        embedded store, which belongs to this index alone."""
        if self._settings.server_mode:
            return
        names = {getattr(c, "name", c) for c in self._client.list_collections()}
        if self._settings.collection in names:
            self._client.delete_collection(self._settings.collection)
