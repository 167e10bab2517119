"""Incremental, crash-safe ingestion: load, chunk, embed what is new, commit, clean up.

Order of writes, so that a crash at any point leaves the previous index queryable:
1. upsert vectors for new chunks (unnamed by the live manifest, so readers ignore them);
2. write the new generation (chunk records, keyword index, vectors) beside the old one;
3. commit by atomically replacing the manifest;
4. delete vectors and generations the new manifest no longer names.
A run after a crash finds its vectors already stored and embeds only the rest.

An ingest deletes only what this index wrote: vectors its previous generation named or
that it recorded (in `pending-ids.json`) before upserting, and generation folders its
marker recorded (see `ownership`). Another index sharing the Chroma server, and any
file of the user's in the index folder, stays untouched.
"""

from __future__ import annotations

import errno
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout

from .calibration import Calibration
from .chunking import Chunk, chunk_document
from .embedding import MODEL_NAME, Embedder, load_embedder, model_dir
from .errors import (
    IndexBroken,
    IndexFormatMismatch,
    IndexLocked,
    IndexWriteFailed,
    ModelMismatch,
    UnreadableDocument,
)
from .exact_search import ExactSearch, cached_vectors
from .keyword import KeywordIndex
from .loaders import file_digest, load, relative_name, survey
from .manifest import (
    FileEntry,
    Manifest,
    check_index_dir,
    now_iso,
    read_chunks,
    read_ids,
    write_chunks,
    write_ids,
)
from .ownership import (
    LOCK,
    PENDING_IDS,
    Marker,
    check_ingest_target,
    claim,
    next_generation,
    pass_over,
    remove_generations,
)
from .settings import Settings
from .store import move_store_aside, store_damage, store_location
from .summary import IngestSummary
from .tokens import TokenCounter

if TYPE_CHECKING:
    from .store import ChromaStore

# (phase, done, total): phase is "files" or "chunks".
Progress = Callable[[str, int, int], None]

__all__ = ["EMBED_BATCH", "IngestSummary", "Progress", "chunker_signature", "ingest"]

EMBED_BATCH = 64
# Failures of the index's own writes; the committed index survives each of them.
_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO}


def chunker_signature(settings: Settings) -> str:
    # Bump the version when chunking output changes, so existing indexes are re-chunked.
    return f"v3:{settings.chunk_tokens}:{settings.max_tokens}:{settings.max_chunk_chars}"


def ingest(root: Path, settings: Settings, progress: Progress | None = None,
           rebuild: bool = False, wait: float = 0.0,
           embedder: Embedder | None = None) -> IngestSummary:
    """Bring the index at `settings.index_dir` in line with the files under `root`."""
    started = time.perf_counter()
    check_index_dir(settings.index_dir)
    check_ingest_target(settings.index_dir)  # before the lock file: write nothing there
    try:
        settings.index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IndexWriteFailed(str(settings.index_dir), exc.strerror or str(exc)) from exc
    lock_path = settings.index_dir / LOCK
    lock = FileLock(str(lock_path))
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise IndexLocked(str(lock_path), wait) from None
    try:
        run = _Run(root.resolve(), settings, rebuild, progress, embedder)
        summary = _ingest_locked(run)
    except OSError as exc:
        if exc.errno not in _WRITE_ERRORS:
            raise
        raise _write_failed(settings, exc) from exc
    finally:
        lock.release()
    summary.seconds = time.perf_counter() - started
    return summary


@dataclass
class _Run:
    """One ingest's inputs and what its steps have found so far."""

    root: Path
    settings: Settings
    rebuild: bool
    progress: Progress | None
    embedder: Embedder | None
    summary: IngestSummary = field(default_factory=IngestSummary)
    old: Manifest | None = None  # the committed index, if one can be read
    marker: Marker | None = None
    copied_from: str | None = None
    previous_id: str | None = None
    current: dict[str, tuple[Path, str]] = field(default_factory=dict)  # name -> (path, sha)
    to_load: list[str] = field(default_factory=list)

    @property
    def index_dir(self) -> Path:
        return self.settings.index_dir

    @property
    def reusable(self) -> bool:
        """Whether the committed chunks stand for the files that did not change."""
        return (self.old is not None and not self.rebuild
                and self.old.chunker == chunker_signature(self.settings)
                and self.old.root == str(self.root))

    def note(self, line: str) -> None:
        self.summary.notices.append(line)


def _ingest_locked(run: _Run) -> IngestSummary:
    _read_committed(run)
    found = claim(run.index_dir, run.old.generation if run.old else None, run.rebuild)
    run.marker, run.copied_from, run.previous_id = (found.marker, found.copied_from,
                                                    found.previous_id)
    if run.old is not None and not run.rebuild:
        _check_generation(run.index_dir, run.old)
    _survey(run)
    if _up_to_date(run):  # the common case: no model, and no Chroma unless on a server
        assert run.old is not None
        run.summary.chunks_total = sum(e.chunks for e in run.old.files.values())
        run.summary.index = store_location(run.settings)
        return run.summary
    new_chunks, entries = _load_changed(run)
    live = _live_chunks(run, new_chunks, entries)
    store = _open_store(run)
    missing = _store_vectors(run, store, live)
    manifest = _commit(run, store, live, missing, entries)
    _clean_up(run, store, manifest)
    run.summary.chunks_total = len(live)
    run.summary.index = store.location
    return run.summary


def _read_committed(run: _Run) -> None:
    try:
        run.old = Manifest.load(run.index_dir)
    except (IndexFormatMismatch, IndexBroken):
        if not run.rebuild:
            raise
        run.old = None  # its vectors sit in a collection of the old layout; dropped later
    if run.old is not None and run.old.model != MODEL_NAME and not run.rebuild:
        raise ModelMismatch(run.old.model, MODEL_NAME)


def _check_generation(index_dir: Path, old: Manifest) -> None:
    """The committed generation's files are all there and whole (cheaply: no parsing)."""
    gen_dir = old.generation_dir(index_dir)
    try:
        data = (gen_dir / "chunks.jsonl").read_bytes()
    except FileNotFoundError:
        raise IndexBroken(str(index_dir), f"{gen_dir.name} lacks chunks.jsonl") from None
    expected = sum(e.chunks for e in old.files.values())
    if data.count(b"\n") != expected or not data.endswith(b"\n") and data:
        raise IndexBroken(str(index_dir), f"{gen_dir.name}/chunks.jsonl is cut short")
    if not (gen_dir / "keyword").is_dir():
        raise IndexBroken(str(index_dir), f"{gen_dir.name} lacks its keyword index")


def _survey(run: _Run) -> None:
    found = survey(run.root, run.settings.max_file_bytes,
                   pass_over(run.index_dir, run.root, run.marker))
    summary = run.summary
    summary.passed_over = {s.file: s.reason for s in found.skipped}
    for path in found.files:
        name = relative_name(path, run.root)
        try:
            run.current[name] = (path, file_digest(path))
        except OSError as exc:
            summary.failed[name] = f"cannot read file: {exc.strerror or exc}"
    old_files = run.old.files if run.old else {}
    reusable = old_files if run.reusable else {}
    summary.removed = sorted(set(old_files) - set(run.current) - set(summary.failed))
    run.to_load = [n for n, (_, sha) in run.current.items()
                   if n not in reusable or reusable[n].sha256 != sha]
    summary.unchanged = sorted(set(run.current) - set(run.to_load))


def _up_to_date(run: _Run) -> bool:
    """Nothing changed, nothing is left to finish, and the store still holds the vectors."""
    if not (run.reusable and not run.to_load and not run.summary.removed
            and run.copied_from is None and run.old is not None and not run.old.pending_delete
            and not (run.index_dir / PENDING_IDS).exists()):
        return False
    if not run.settings.server_mode:
        return store_damage(run.settings) is None  # a missing or damaged store: see below
    from .store import ChromaStore

    store = ChromaStore(run.settings, create=True)
    live = {c.id for c in read_chunks(run.old.generation_dir(run.index_dir) / "chunks.jsonl")}
    lost = live - store.ids()
    if lost:
        run.note(f"{store.location} lacked the vectors of {len(lost)} chunks; "
                 "storing them again")
    return not lost


def _load_changed(run: _Run) -> tuple[dict[str, list[Chunk]], dict[str, FileEntry]]:
    settings, summary = run.settings, run.summary
    count_tokens = TokenCounter(model_dir())
    new_chunks: dict[str, list[Chunk]] = {}
    entries: dict[str, FileEntry] = {}
    stamp = now_iso()
    old_files = run.old.files if run.old else {}
    for i, name in enumerate(run.to_load, start=1):
        path, sha = run.current[name]
        try:
            doc = load(path, run.root)
            chunks = chunk_document(doc, count_tokens, settings.chunk_tokens, settings.max_tokens,
                                    settings.max_chunk_chars)
            if not chunks:
                raise UnreadableDocument("no text to index")
        except UnreadableDocument as exc:
            summary.failed[name] = str(exc)
        else:
            new_chunks[name] = chunks
            entries[name] = FileEntry(sha, chunks[0].chapter, len(chunks), stamp)
            (summary.changed if name in old_files else summary.added).append(name)
        if run.progress:
            run.progress("files", i, len(run.to_load))
    return new_chunks, entries


def _live_chunks(run: _Run, new_chunks: dict[str, list[Chunk]],
                 entries: dict[str, FileEntry]) -> list[Chunk]:
    """The new generation's chunks: the unchanged files' committed ones and the new."""
    kept: list[Chunk] = []
    if run.reusable and run.summary.unchanged:
        assert run.old is not None
        unchanged = set(run.summary.unchanged)
        kept = [c for c in read_chunks(run.old.generation_dir(run.index_dir) / "chunks.jsonl")
                if c.file in unchanged]
        entries.update({n: run.old.files[n] for n in run.summary.unchanged})
    return sorted(kept + [c for cs in new_chunks.values() for c in cs],
                  key=lambda c: (c.file, c.position))


def _open_store(run: _Run) -> ChromaStore:
    """The index's collection. A store that is missing is made anew (every vector is
    then embedded again); one that is damaged is moved aside by a rebuild."""
    damage = store_damage(run.settings)
    present = (run.index_dir / "chroma").exists()
    if damage and present:
        if not run.rebuild:
            raise IndexBroken(str(run.index_dir), damage)
        _move_store_aside(run, damage)
    elif damage and run.old is not None and not run.rebuild:
        run.note(f"{damage}: embedding every chunk again")
    try:
        return _open_checked(run.settings)
    except IndexBroken as exc:
        if not run.rebuild or run.settings.server_mode:
            raise
        _move_store_aside(run, str(exc))
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


def _move_store_aside(run: _Run, reason: str) -> None:
    aside = move_store_aside(run.settings)
    if aside is not None:
        run.note(f"the vector store could not be used ({reason}); moved it aside to "
                 f"{aside} and made a new one")


def _store_vectors(run: _Run, store: ChromaStore, live: list[Chunk]) -> list[Chunk]:
    """Upsert the vectors the collection lacks; returns the chunks that were missing."""
    pending_path = run.index_dir / PENDING_IDS
    # Only vectors this index wrote count as stored; a foreign one may vanish any time.
    ours = _committed_ids(run) | read_ids(pending_path)
    if run.copied_from is not None and not run.rebuild:
        ours |= _seed_copy(run, store, live, ours | {c.id for c in live})
    stored = store.ids() & ours
    # A rebuild re-embeds everything: ids name the text, not the model that embedded it.
    missing = [c for c in live if run.rebuild or c.id not in stored]
    if not missing:
        return missing
    write_ids(pending_path, read_ids(pending_path) | {c.id for c in missing})
    embedder = run.embedder = run.embedder or load_embedder(
        run.settings.embedder, purpose="ingest", cache_dir=run.settings.cache_dir)
    for start in range(0, len(missing), EMBED_BATCH):
        batch = missing[start:start + EMBED_BATCH]
        vectors = embedder.embed([c.embed_text for c in batch])
        store.upsert([c.id for c in batch], vectors, [c.metadata() for c in batch])
        run.summary.chunks_embedded += len(batch)
        if run.progress:
            run.progress("chunks", run.summary.chunks_embedded, len(missing))
    return missing


def _seed_copy(run: _Run, store: ChromaStore, live: list[Chunk], ours: set[str]) -> set[str]:
    """A copied index's new collection gets the vectors it already had: read from the
    collection it shared with its original (never written), else from its generation's
    cache; only what neither holds is embedded. Returns the ids stored."""
    pending = run.index_dir / PENDING_IDS
    write_ids(pending, read_ids(pending) | ours)  # recorded before they are written
    copied = _copy_collection(run, store, sorted(ours))
    if not copied and run.old is not None:
        copied = _copy_cache(run.old.generation_dir(run.index_dir), store, live)
    how = (f"; {len(copied)} vectors are copied into it" if copied
           else "; its chunks are embedded again")
    run.note(f"this index was copied or moved from {run.copied_from}: it now has its own "
             f"collection, {store.name}{how}, and the original's vectors are untouched")
    return copied


def _copy_collection(run: _Run, store: ChromaStore, ids: list[str]) -> set[str]:
    from .store import ChromaStore

    try:
        previous = ChromaStore(run.settings, name=f"{run.settings.collection}-{run.previous_id}")
    except IndexBroken:  # not on this server, or a store that lost it
        return set()
    try:
        return store.copy_from(previous, ids)
    finally:
        if not run.settings.server_mode:
            previous.close()


def _copy_cache(gen_dir: Path, store: ChromaStore, live: list[Chunk]) -> set[str]:
    chunks = read_chunks(gen_dir / "chunks.jsonl")
    matrix = cached_vectors(gen_dir, len(chunks))
    live_ids = {c.id for c in live}
    rows = [i for i, c in enumerate(chunks) if c.id in live_ids]
    if matrix is None or not rows:
        return set()
    store.upsert([chunks[i].id for i in rows], matrix[rows], [chunks[i].metadata() for i in rows])
    return {chunks[i].id for i in rows}


def _commit(run: _Run, store: ChromaStore, live: list[Chunk], missing: list[Chunk],
            entries: dict[str, FileEntry]) -> Manifest:
    """Write the new generation beside the committed one, then the manifest naming it."""
    assert run.marker is not None
    live_ids = {c.id for c in live}
    ours = _committed_ids(run) | read_ids(run.index_dir / PENDING_IDS)
    committed = run.old.generation if run.old else None
    manifest = Manifest(
        model=MODEL_NAME, chunker=chunker_signature(run.settings), root=str(run.root),
        generation=next_generation(run.marker, committed, run.index_dir),
        updated_at=now_iso(), files=dict(sorted(entries.items())),
        pending_delete=tuple(sorted((ours | {c.id for c in missing}) - live_ids)),
    )
    # Recorded before it is made: an interrupted run's folder is still known as ours.
    run.marker = replace(run.marker, generations=(*run.marker.generations, manifest.generation))
    run.marker.save(run.index_dir)
    gen_dir = manifest.generation_dir(run.index_dir)
    gen_dir.mkdir()
    write_chunks(gen_dir / "chunks.jsonl", live)
    KeywordIndex.build([c.id for c in live], [c.embed_text for c in live]).save(gen_dir / "keyword")
    _measure(gen_dir, live, store, run.embedder)
    manifest.save(run.index_dir)  # the commit point
    return manifest


def _clean_up(run: _Run, store: ChromaStore, manifest: Manifest) -> None:
    """Delete the vectors and generation folders the committed manifest no longer names."""
    assert run.marker is not None
    (run.index_dir / PENDING_IDS).unlink(missing_ok=True)  # the manifest names or deletes each
    store.delete(list(manifest.pending_delete))
    Manifest(**{**manifest.__dict__, "pending_delete": ()}).save(run.index_dir)
    if run.rebuild or run.copied_from is not None:
        store.drop_other_collections()
    run.marker = remove_generations(run.index_dir, run.marker, keep=manifest.generation)
    run.marker.save(run.index_dir)


def _measure(gen_dir: Path, live: list[Chunk], store: ChromaStore,
             embedder: Embedder | None) -> None:
    """Cache the generation's vectors and, with the model at hand, its similarity
    baseline beside its chunks, so that readers (a read-only one too) need neither the
    store nor a first question that pays for them."""
    ids = [c.id for c in live]
    search = ExactSearch.write(gen_dir, ids, store)
    if search is not None and embedder is not None:
        Calibration.measure(live, embedder, search.nearest(ids)).save(gen_dir)


def _committed_ids(run: _Run) -> set[str]:
    """Every vector id the committed index wrote: its live chunks and pending deletes."""
    old = run.old
    if old is None:
        return set()
    ids = set(old.pending_delete)
    try:
        ids |= {c.id for c in read_chunks(old.generation_dir(run.index_dir) / "chunks.jsonl")}
    except (FileNotFoundError, IndexBroken):
        if not run.rebuild:  # checked before: only a rebuild gets here with them unreadable
            raise
    return ids


def _write_failed(settings: Settings, exc: OSError) -> IndexWriteFailed:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        reason = "out of disk space"
    else:
        reason = exc.strerror or str(exc)
    if exc.filename:
        reason += f" writing {exc.filename}"
    return IndexWriteFailed(str(settings.index_dir), reason)
