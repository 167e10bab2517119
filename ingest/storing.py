"""The ingest's steps that write vectors: open (or repair) the store, then fill it.

A store that is missing is made anew; one that is damaged is moved aside by a rebuild.
A new or emptied collection is filled from what already exists before anything is
embedded: the collection a copied index shared with its original (read, never
written), then the generation's cached vectors.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .chunking import Chunk
from .embedding import load_embedder
from .errors import IndexBroken
from .exact_search import cached_vectors
from .ingest_run import IngestRun, committed_ids
from .manifest import read_chunks, read_ids, write_ids
from .ownership import PENDING_IDS
from .settings import Settings
from .store_files import forget_client, move_store_aside, store_damage

if TYPE_CHECKING:
    from .store import ChromaStore
    from .vector_store import WritableVectorStore

EMBED_BATCH = 64


def open_store(run: IngestRun) -> ChromaStore:
    """The index's collection. A store that is missing is made anew; one that is
    damaged is moved aside by a rebuild (a plain ingest says to rebuild)."""
    damage = store_damage(run.settings, thorough=run.rebuild)
    present = (run.index_dir / "chroma").exists()
    if damage and present:
        if not run.rebuild:
            raise IndexBroken(str(run.index_dir), damage)
        _move_store_aside(run, damage)
    elif damage:
        forget_client(run.index_dir / "chroma")  # deleted under this process, maybe
    if damage and not present and run.old is not None and not run.rebuild:
        run.note(f"{damage}: made a new one, filled from the generation's cached vectors "
                 "and what it lacks embedded again")
    try:
        return _open_checked(run.settings)
    except IndexBroken as exc:
        if not run.rebuild or run.settings.server_mode:
            raise
        _move_store_aside(run, exc.reason)
        return _open_checked(run.settings)


def _open_checked(settings: Settings) -> ChromaStore:
    from .store import ChromaStore  # chromadb takes a second to import: only when writing

    store = ChromaStore(settings, create=True)
    try:
        store.ids()  # a store that opens may still fail on its first read
    except IndexBroken:
        store.close()
        raise
    return store


def _move_store_aside(run: IngestRun, reason: str) -> None:
    aside = move_store_aside(run.settings)
    if aside is not None:
        run.note(f"the vector store could not be used ({reason}); moved it aside to "
                 f"{aside} and made a new one")


def store_vectors(run: IngestRun, store: WritableVectorStore, live: list[Chunk]) -> list[Chunk]:
    """Upsert the vectors the collection lacks; returns the chunks that were missing."""
    pending_path = run.index_dir / PENDING_IDS
    # Only vectors this index wrote count as stored; a foreign one may vanish any time.
    ours = committed_ids(run) | read_ids(pending_path)
    if run.copied_from is not None and not run.rebuild:
        ours |= _seed_copy(run, store, {c.id for c in live})
    stored = store.ids() & ours
    # A rebuild re-embeds everything: ids name the text, not the model that embedded it.
    missing = [c for c in live if run.rebuild or c.id not in stored]
    if missing and not run.rebuild and run.old is not None:
        # A new or emptied store (a copy's, a lost one) is filled from the cache first.
        write_ids(pending_path, read_ids(pending_path) | {c.id for c in missing})
        restored = _copy_cache(run.old.generation_dir(run.index_dir), store, missing)
        missing = [c for c in missing if c.id not in restored]
    if not missing:
        return missing
    write_ids(pending_path, read_ids(pending_path) | {c.id for c in missing})
    embedder = run.embedder = run.embedder or load_embedder(run.settings, purpose="ingest")
    for start in range(0, len(missing), EMBED_BATCH):
        batch = missing[start:start + EMBED_BATCH]
        vectors = embedder.embed([c.embed_text for c in batch])
        store.upsert([c.id for c in batch], vectors, [c.metadata() for c in batch])
        run.summary.chunks_embedded += len(batch)
        if run.progress:
            run.progress("chunks", run.summary.chunks_embedded, len(missing))
    return missing


def _seed_copy(run: IngestRun, store: ChromaStore, live: set[str]) -> set[str]:
    """A copied index's new collection gets the vectors of its live chunks it already
    had, read from the collection it shared with its original (which is never written);
    the generation's cache fills in the rest. Returns the ids copied."""
    pending = run.index_dir / PENDING_IDS
    write_ids(pending, read_ids(pending) | live)  # recorded before they are written
    run.note(f"this index was copied or moved from {run.copied_from}: it now has its own "
             f"collection, {store.name}, and the original's vectors are untouched")
    from .store import ChromaStore

    try:
        previous = ChromaStore(run.settings, name=f"{run.settings.collection}-{run.previous_id}")
    except IndexBroken:  # not on this server, or a store that lost it
        return set()
    try:
        return store.copy_from(previous, sorted(live))
    finally:
        if not run.settings.server_mode:
            previous.close()


def _copy_cache(gen_dir: Path, store: WritableVectorStore, wanted: list[Chunk]) -> set[str]:
    """Store the generation's cached vectors of the `wanted` chunks; the ids stored."""
    chunks = read_chunks(gen_dir / "chunks.jsonl")
    matrix = cached_vectors(gen_dir, len(chunks))
    wanted_ids = {c.id for c in wanted}
    rows = [i for i, c in enumerate(chunks) if c.id in wanted_ids]
    if matrix is None or not rows:
        return set()
    store.upsert([chunks[i].id for i in rows], matrix[rows], [chunks[i].metadata() for i in rows])
    return {chunks[i].id for i in rows}
