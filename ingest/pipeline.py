"""Incremental, crash-safe ingestion: load, chunk, embed what is new, commit, clean up.

Order of writes, so that a crash at any point leaves the previous index queryable:
1. upsert vectors for new chunks (unnamed by the live manifest, so readers ignore them);
2. write the new generation (chunk records, keyword index) beside the old one;
3. commit by atomically replacing the manifest;
4. delete vectors and generations the new manifest no longer names.
A run after a crash finds its vectors already stored and embeds only the rest.

An ingest deletes only vectors this index wrote: the ids of its previous generation and
those it recorded (in `pending-ids.json`) before upserting. Another index that shares
the Chroma server or the collection keeps everything it wrote.
"""

from __future__ import annotations

import errno
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
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
from .exact_search import ExactSearch
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
from .settings import Settings
from .store import store_location
from .tokens import TokenCounter

if TYPE_CHECKING:
    from .store import ChromaStore

# (phase, done, total): phase is "files" or "chunks".
Progress = Callable[[str, int, int], None]
EMBED_BATCH = 64
PENDING_IDS = "pending-ids.json"  # vectors upserted but not yet named by a manifest
_GENERATION = re.compile(r"gen-(\d+)")
# Failures of the index's own writes; the committed index survives each of them.
_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO}


@dataclass
class IngestSummary:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # file -> why it did not load
    # Files not opened at all (unsupported type, too large, a link out of the root).
    passed_over: dict[str, str] = field(default_factory=dict)
    chunks_embedded: int = 0
    chunks_total: int = 0
    seconds: float = 0.0
    index: str = ""

    @property
    def indexed(self) -> int:
        return len(self.added) + len(self.changed) + len(self.unchanged)

    @property
    def skipped(self) -> dict[str, str]:
        """Every file under the root that is not in the index, with its reason, by name."""
        return dict(sorted({**self.passed_over, **self.failed}.items()))

    def as_dict(self) -> dict[str, object]:
        return {
            "files": {
                "added": len(self.added), "changed": len(self.changed),
                "unchanged": len(self.unchanged), "removed": len(self.removed),
                "failed": len(self.failed),
            },
            "failed": self.failed,
            "indexed": self.indexed,
            "skipped": [{"file": f, "reason": r} for f, r in self.skipped.items()],
            "chunks_embedded": self.chunks_embedded,
            "chunks_total": self.chunks_total,
            "seconds": round(self.seconds, 3),
            "index": self.index,
        }


def chunker_signature(settings: Settings) -> str:
    # Bump the version when chunking output changes, so existing indexes are re-chunked.
    return f"v3:{settings.chunk_tokens}:{settings.max_tokens}:{settings.max_chunk_chars}"


def ingest(root: Path, settings: Settings, progress: Progress | None = None,
           rebuild: bool = False, wait: float = 0.0,
           embedder: Embedder | None = None) -> IngestSummary:
    """Bring the index at `settings.index_dir` in line with the files under `root`."""
    started = time.perf_counter()
    check_index_dir(settings.index_dir)
    try:
        settings.index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IndexWriteFailed(str(settings.index_dir), exc.strerror or str(exc)) from exc
    lock_path = settings.index_dir / "ingest.lock"
    lock = FileLock(str(lock_path))
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise IndexLocked(str(lock_path), wait) from None
    try:
        summary = _ingest_locked(root.resolve(), settings, progress, rebuild, embedder)
    except OSError as exc:
        if exc.errno not in _WRITE_ERRORS:
            raise
        raise _write_failed(settings, exc) from exc
    finally:
        lock.release()
    summary.seconds = time.perf_counter() - started
    return summary


def _ingest_locked(root: Path, settings: Settings, progress: Progress | None, rebuild: bool,
                   embedder: Embedder | None) -> IngestSummary:
    try:
        old = Manifest.load(settings.index_dir)
    except (IndexFormatMismatch, IndexBroken):
        if not rebuild:
            raise
        old = None  # its vectors sit in a collection of the old layout; see below
    if old is not None and old.model != MODEL_NAME and not rebuild:
        raise ModelMismatch(old.model, MODEL_NAME)
    reusable = (old is not None and not rebuild
                and old.chunker == chunker_signature(settings) and old.root == str(root))
    old_files = old.files if (old is not None and reusable) else {}
    summary = IngestSummary()

    found = survey(root, settings.max_file_bytes)
    summary.passed_over = {s.file: s.reason for s in found.skipped}
    current: dict[str, tuple[Path, str]] = {}
    for path in found.files:
        name = relative_name(path, root)
        try:
            current[name] = (path, file_digest(path))
        except OSError as exc:
            summary.failed[name] = f"cannot read file: {exc.strerror or exc}"
    summary.removed = sorted(set(old.files if old else {}) - set(current) - set(summary.failed))
    to_load = [n for n, (_, sha) in current.items()
               if n not in old_files or old_files[n].sha256 != sha]
    summary.unchanged = sorted(set(current) - set(to_load))

    nothing_to_do = (old is not None and reusable and not to_load and not summary.removed
                     and not old.pending_delete
                     and not (settings.index_dir / PENDING_IDS).exists())
    if nothing_to_do:
        # The common case: no model, no Chroma, just hashes.
        summary.chunks_total = sum(e.chunks for e in old.files.values())
        summary.index = store_location(settings)
        return summary

    count_tokens = TokenCounter(model_dir())
    new_chunks: dict[str, list[Chunk]] = {}
    entries: dict[str, FileEntry] = {}
    stamp = now_iso()
    for i, name in enumerate(to_load, start=1):
        path, sha = current[name]
        try:
            doc = load(path, root)
            chunks = chunk_document(doc, count_tokens, settings.chunk_tokens, settings.max_tokens,
                                    settings.max_chunk_chars)
            if not chunks:
                raise UnreadableDocument("no text to index")
        except UnreadableDocument as exc:
            summary.failed[name] = str(exc)
        else:
            new_chunks[name] = chunks
            entries[name] = FileEntry(sha, chunks[0].chapter, len(chunks), stamp)
            (summary.changed if name in (old.files if old else {}) else summary.added).append(name)
        if progress:
            progress("files", i, len(to_load))

    kept: list[Chunk] = []
    if old is not None and reusable and summary.unchanged:
        unchanged = set(summary.unchanged)
        kept = [c for c in read_chunks(old.generation_dir(settings.index_dir) / "chunks.jsonl")
                if c.file in unchanged]
        entries.update({n: old.files[n] for n in summary.unchanged})
    live = sorted(kept + [c for cs in new_chunks.values() for c in cs],
                  key=lambda c: (c.file, c.position))

    from .store import ChromaStore  # chromadb takes a second to import: only when writing

    store = ChromaStore(settings, create=True)
    if rebuild:
        store.drop_legacy_collection()
    pending_path = settings.index_dir / PENDING_IDS
    # Only vectors this index wrote count as stored; a foreign one may vanish any time.
    ours = _committed_ids(old, settings.index_dir) | read_ids(pending_path)
    stored = store.ids() & ours
    # A rebuild re-embeds everything: ids name the text, not the model that embedded it.
    missing = [c for c in live if rebuild or c.id not in stored]
    if missing:
        write_ids(pending_path, read_ids(pending_path) | {c.id for c in missing})
        embedder = embedder or load_embedder(settings.embedder, purpose="ingest",
                                              cache_dir=settings.cache_dir)
        for start in range(0, len(missing), EMBED_BATCH):
            batch = missing[start:start + EMBED_BATCH]
            vectors = embedder.embed([c.embed_text for c in batch])
            store.upsert([c.id for c in batch], vectors, [c.metadata() for c in batch])
            summary.chunks_embedded += len(batch)
            if progress:
                progress("chunks", summary.chunks_embedded, len(missing))

    live_ids = {c.id for c in live}
    manifest = Manifest(
        model=MODEL_NAME, chunker=chunker_signature(settings), root=str(root),
        generation=_next_generation(old, settings.index_dir), updated_at=now_iso(),
        files=dict(sorted(entries.items())),
        pending_delete=tuple(sorted((ours | {c.id for c in missing}) - live_ids)),
    )
    gen_dir = manifest.generation_dir(settings.index_dir)
    shutil.rmtree(gen_dir, ignore_errors=True)  # a leftover from an interrupted run
    gen_dir.mkdir(parents=True)
    write_chunks(gen_dir / "chunks.jsonl", live)
    KeywordIndex.build([c.id for c in live], [c.embed_text for c in live]).save(gen_dir / "keyword")
    if embedder is not None:  # with the model at hand, measure what readers would measure
        _measure(gen_dir, live, store, embedder)
    manifest.save(settings.index_dir)  # the commit point

    pending_path.unlink(missing_ok=True)  # the manifest now names or deletes each of them
    store.delete(list(manifest.pending_delete))
    Manifest(**{**manifest.__dict__, "pending_delete": ()}).save(settings.index_dir)
    for stale in settings.index_dir.glob("gen-*"):
        if stale != gen_dir:
            shutil.rmtree(stale, ignore_errors=True)

    summary.chunks_total = len(live)
    summary.index = store.location
    return summary


def _measure(gen_dir: Path, live: list[Chunk], store: ChromaStore, embedder: Embedder) -> None:
    """Cache the generation's vectors and its similarity baseline beside its chunks, so
    the first question asked of it pays for neither."""
    ids = [c.id for c in live]
    search = ExactSearch.write(gen_dir, ids, store)
    if search is not None:
        Calibration.measure(live, embedder, search.nearest(ids)).save(gen_dir)


def _committed_ids(old: Manifest | None, index_dir: Path) -> set[str]:
    """Every vector id the committed index wrote: its live chunks and pending deletes."""
    if old is None:
        return set()
    ids = set(old.pending_delete)
    chunks = old.generation_dir(index_dir) / "chunks.jsonl"
    if chunks.exists():
        ids |= {c.id for c in read_chunks(chunks)}
    return ids


def _next_generation(old: Manifest | None, index_dir: Path) -> int:
    """Above every generation folder present, so an unreadable old index is never
    overwritten before the new one is committed."""
    found = [int(m[1]) for p in index_dir.glob("gen-*") if (m := _GENERATION.fullmatch(p.name))]
    return max([old.generation if old else 0, *found]) + 1


def _write_failed(settings: Settings, exc: OSError) -> IndexWriteFailed:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        reason = "out of disk space"
    else:
        reason = exc.strerror or str(exc)
    if exc.filename:
        reason += f" writing {exc.filename}"
    return IndexWriteFailed(str(settings.index_dir), reason)
