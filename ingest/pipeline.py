"""Incremental, crash-safe ingestion: load, chunk, embed what is new, commit, clean up.

Order of writes, so that a crash at any point leaves the previous index queryable:
1. upsert vectors for new chunks (unnamed by the live manifest, so readers ignore them);
2. write the new generation (chunk records, keyword index, vectors, facts) beside the old one;
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
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout

from .calibration import Calibration
from .chunking import Chunk, chunk_document
from .embedding import MODEL_NAME, Embedder, model_dir
from .errors import (
    IndexBroken,
    IndexFormatMismatch,
    IndexLocked,
    IndexWriteFailed,
    ModelMismatch,
    UnreadableDocument,
)
from .exact_search import ExactSearch
from .ingest_run import IngestRun, Progress, chunker_signature, committed_ids
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
)
from .ownership import (
    INDEX_ID,
    LOCK,
    MARKER,
    PENDING_IDS,
    check_ingest_target,
    claim,
    next_generation,
    pass_over,
    remove_generations,
)
from .records import facts_current, facts_key, facts_of, record_of, with_records, write_facts
from .settings import Settings
from .store import store_location
from .store_files import store_damage
from .storing import EMBED_BATCH, open_store, store_vectors
from .summary import IngestSummary
from .tokens import TokenCounter

if TYPE_CHECKING:
    from .store import ChromaStore


__all__ = ["EMBED_BATCH", "IngestSummary", "Progress", "chunker_signature", "ingest"]

# Failures of the index's own writes; the committed index survives each of them.
_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO}


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
    except OSError as exc:  # a read-only index cannot even take its lock
        if exc.errno not in _WRITE_ERRORS:
            raise
        raise _write_failed(settings, exc) from exc
    try:
        run = IngestRun(root.resolve(), settings, rebuild, progress, embedder)
        summary = _ingest_locked(run)
    except OSError as exc:
        if exc.errno not in _WRITE_ERRORS:
            raise
        raise _write_failed(settings, exc) from exc
    finally:
        lock.release()
    summary.seconds = time.perf_counter() - started
    return summary


def _ingest_locked(run: IngestRun) -> IngestSummary:
    _read_committed(run)
    found = claim(run.index_dir, run.old.generation if run.old else None, run.rebuild)
    run.marker, run.copied_from, run.previous_id = (found.marker, found.copied_from,
                                                    found.previous_id)
    if found.restored_id:
        run.note(f"its missing {INDEX_ID} file was restored from {MARKER}")
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
    store = open_store(run)
    missing = store_vectors(run, store, live)
    manifest = _commit(run, store, live, missing, entries)
    _clean_up(run, store, manifest)
    run.summary.chunks_total = len(live)
    run.summary.index = store.location
    return run.summary


def _read_committed(run: IngestRun) -> None:
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


def _survey(run: IngestRun) -> None:
    found = survey(run.root, run.settings.max_file_bytes,
                   pass_over(run.index_dir, run.root, run.marker))
    summary = run.summary
    summary.passed_over = {s.file: s.reason for s in found.skipped}
    for path in found.files:
        name = relative_name(path, run.root)
        try:
            run.current[name] = (path, file_digest(path, run.root))
        except OSError as exc:
            summary.failed[name] = f"cannot read file: {exc.strerror or exc}"
    old_files = run.old.files if run.old else {}
    reusable = old_files if run.reusable else {}
    summary.removed = sorted(set(old_files) - set(run.current) - set(summary.failed))
    run.to_load = [n for n, (_, sha) in run.current.items()
                   if n not in reusable or reusable[n].sha256 != sha]
    summary.unchanged = sorted(set(run.current) - set(run.to_load))


def _up_to_date(run: IngestRun) -> bool:
    """Nothing changed, nothing is left to finish, and the store still holds the vectors."""
    if not (run.reusable and not run.to_load and not run.summary.removed
            and run.copied_from is None and run.old is not None and not run.old.pending_delete
            and not (run.index_dir / PENDING_IDS).exists()
            and facts_current(run.old, run.settings)):
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


def _load_changed(run: IngestRun) -> tuple[dict[str, list[Chunk]], dict[str, FileEntry]]:
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
            entries[name] = FileEntry(sha, chunks[0].chapter, len(chunks), stamp, record_of(doc))
            (summary.changed if name in old_files else summary.added).append(name)
        if run.progress:
            run.progress("files", i, len(run.to_load))
    return new_chunks, entries


def _live_chunks(run: IngestRun, new_chunks: dict[str, list[Chunk]],
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


def _commit(run: IngestRun, store: ChromaStore, live: list[Chunk], missing: list[Chunk],
            entries: dict[str, FileEntry]) -> Manifest:
    """Write the new generation beside the committed one, then the manifest naming it."""
    assert run.marker is not None
    live_ids = {c.id for c in live}
    ours = committed_ids(run) | read_ids(run.index_dir / PENDING_IDS)
    committed = run.old.generation if run.old else None
    entries = with_records(run.root, entries, run.current)
    manifest = Manifest(
        model=MODEL_NAME, chunker=chunker_signature(run.settings), root=str(run.root),
        generation=next_generation(run.marker, committed, run.index_dir),
        updated_at=now_iso(), files=dict(sorted(entries.items())), facts=facts_key(run.settings),
        pending_delete=tuple(sorted((ours | {c.id for c in missing}) - live_ids)),
    )
    # Recorded before it is made: an interrupted run's folder is still known as ours.
    run.marker = replace(run.marker, generations=(*run.marker.generations, manifest.generation))
    run.marker.save(run.index_dir)
    gen_dir = manifest.generation_dir(run.index_dir)
    gen_dir.mkdir()
    write_chunks(gen_dir / "chunks.jsonl", live)
    write_facts(gen_dir, facts_of(run.root, entries, run.current, run.settings))
    KeywordIndex.build([c.id for c in live], [c.embed_text for c in live]).save(gen_dir / "keyword")
    _measure(gen_dir, live, store, run.embedder)
    manifest.save(run.index_dir)  # the commit point
    return manifest


def _clean_up(run: IngestRun, store: ChromaStore, manifest: Manifest) -> None:
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


def _write_failed(settings: Settings, exc: OSError) -> IndexWriteFailed:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        reason = "out of disk space"
    else:
        reason = exc.strerror or str(exc)
    if exc.filename:
        reason += f" writing {exc.filename}"
    return IndexWriteFailed(str(settings.index_dir), reason)
