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
import threading
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from .errors import IndexBroken, StoreUnavailable, first_line
from .settings import Settings
from .vector_store import VectorHit

INDEX_ID = "index-id"
# Ids checked for their vectors when a server-mode index is opened: a spread of them
# finds a collection that lost vectors without reading the whole collection.
SAMPLE_IDS = 64
_ID = re.compile(r"[0-9a-f]{32}")
T = TypeVar("T")

# Chroma reads this before any client exists; telemetry must never leave the machine.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


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

    def __init__(self, settings: Settings, create: bool = False, name: str | None = None) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self._settings = settings
        self.location = store_location(settings)
        self.name = name or collection_name(settings, create)
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if settings.server_mode:
            self._client = self._call(lambda: chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port,
                settings=chroma_settings))
        else:
            settings.index_dir.mkdir(parents=True, exist_ok=True)
            self._client = self._call(lambda: chromadb.PersistentClient(
                path=str(settings.index_dir / "chroma"), settings=chroma_settings))
        try:
            if create:
                # We embed ourselves: no embedding function, so Chroma never fetches a model.
                self._collection = self._call(lambda: self._client.get_or_create_collection(
                    self.name, embedding_function=None,
                    configuration={"hnsw": {"space": "cosine"}}))
            else:
                self._collection = self._call(self._existing)
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        """Let go of the client, so a damaged store's files can be moved aside."""
        self._client.close()

    def _existing(self) -> Any:
        from chromadb.errors import NotFoundError

        try:
            return self._client.get_collection(self.name, embedding_function=None)
        except NotFoundError:
            raise IndexBroken(str(self._settings.index_dir),
                              f"its vectors, collection {self.name}, are missing from "
                              f"{self.location}") from None

    def _call(self, action: Callable[[], T]) -> T:
        """Run a Chroma call; a server that is down or refuses becomes StoreUnavailable,
        an embedded store that cannot be read or written becomes IndexBroken."""
        from chromadb.errors import ChromaError

        if not self._settings.server_mode:
            try:
                return action()
            except ChromaError as exc:
                reason = f"its vector store cannot be used: {first_line(exc, 160)}"
                raise IndexBroken(str(self._settings.index_dir), reason) from exc
        import httpx

        try:
            return action()
        except (ChromaError, ValueError, httpx.HTTPError, OSError) as exc:
            # The client says "could not connect" as a ValueError, the transport as httpx's.
            raise StoreUnavailable(str(self._settings.chroma_host), self._settings.chroma_port,
                                   first_line(exc, 160)) from exc

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
            got = self._call(lambda s=start: self._collection.get(
                ids=list(ids[s:s + 1000]), include=["embeddings"]))
            rows.update(zip(got["ids"], got["embeddings"], strict=True))
        if len(rows) != len(ids):
            return None
        return np.asarray([rows[i] for i in ids], dtype=np.float32)

    def copy_from(self, other: ChromaStore, ids: Sequence[str]) -> set[str]:
        """Copy the vectors of `ids` that `other` holds into this collection (reading
        `other` only); returns the ids copied."""
        copied: set[str] = set()
        for start in range(0, len(ids), 1000):
            got = other._call(lambda s=start: other._collection.get(
                ids=list(ids[s:s + 1000]), include=["embeddings", "metadatas"]))
            if got["ids"]:
                self._call(lambda g=got: self._collection.upsert(
                    ids=g["ids"], embeddings=g["embeddings"], metadatas=g["metadatas"]))
                copied.update(got["ids"])
        return copied

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

    def check_holds(self, ids: Sequence[str]) -> None:
        """IndexBroken when the collection lacks vectors of a spread of `ids`."""
        step = max(1, len(ids) // SAMPLE_IDS)
        sample = list(ids[::step])
        found = set(self._call(lambda: self._collection.get(ids=sample, include=[]))["ids"])
        if len(found) < len(set(sample)):
            raise IndexBroken(str(self._settings.index_dir),
                              f"{self.location} lacks vectors of its chunks (collection "
                              f"{self.name})")

    def drop_other_collections(self) -> None:
        """Drop every collection but this index's own: the one every index shared before
        indexes had ids, or the one of the index this folder was copied from. Only in an
        embedded store, which belongs to this index alone."""
        if self._settings.server_mode:
            return
        names = {getattr(c, "name", c) for c in self._call(self._client.list_collections)}
        for name in names - {self.name}:
            self._call(lambda n=name: self._client.delete_collection(n))


class LazyStore:
    """The index's store, opened on its first use: a reader whose generation caches its
    vectors never opens Chroma, so it never writes (an embedded Chroma writes on open,
    which a read-only index refuses)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self.location = store_location(settings)
        self._store: ChromaStore | None = None
        self._opening = threading.Lock()

    def open(self) -> ChromaStore:
        with self._opening:
            if self._store is None:
                self._store = ChromaStore(self._settings)
            return self._store

    def query(self, vector: np.ndarray, n: int, files: Sequence[str] | None = None
              ) -> list[VectorHit]:
        return self.open().query(vector, n, files)

    def vectors(self, ids: Sequence[str]) -> np.ndarray | None:
        return self.open().vectors(ids)

