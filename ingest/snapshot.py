"""The read side of an index: the committed manifest, its chunk records and keyword index."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .chunk_table import ChunkTable, chunk_ids, open_chunks
from .chunking import Chunk
from .errors import IndexBroken, IndexMissing
from .keyword import KeywordIndex
from .manifest import MANIFEST, Manifest
from .records import Facts, load_facts

# An ingest deletes the old generation right after committing the new manifest; a reader
# caught in between reads the manifest again and opens the new one.
_OPEN_ATTEMPTS = 3

Stamp = tuple[int, int, int]


def manifest_stamp(index_dir: Path) -> Stamp | None:
    """A cheap fingerprint of the committed manifest (one stat): it changes on every commit."""
    try:
        st = os.stat(index_dir / MANIFEST)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


@dataclass(frozen=True)
class IndexSnapshot:
    index_dir: Path
    manifest: Manifest
    chunks: Sequence[Chunk]  # ordered by file, then position; a large index's read on demand
    keyword: KeywordIndex
    stamp: Stamp | None = None  # the manifest file this snapshot was read from

    @classmethod
    def open(cls, index_dir: Path, lazy: bool | None = None) -> IndexSnapshot:
        """The committed generation; `lazy` reads its records on demand (by default, when
        they are too many to hold as objects, see `chunk_table`)."""
        for attempt in range(_OPEN_ATTEMPTS):
            stamp = manifest_stamp(index_dir)
            manifest = Manifest.load(index_dir)
            if manifest is None:
                raise IndexMissing(str(index_dir))
            gen_dir = manifest.generation_dir(index_dir)
            try:
                chunks = open_chunks(gen_dir / "chunks.jsonl", lazy)
                keyword = KeywordIndex.load(gen_dir / "keyword",
                                            mmap=isinstance(chunks, ChunkTable))
            except FileNotFoundError as exc:
                if manifest_stamp(index_dir) != stamp and attempt + 1 < _OPEN_ATTEMPTS:
                    continue  # a newer generation was committed meanwhile
                raise IndexBroken(str(index_dir),
                                  f"{gen_dir.name} lacks {Path(str(exc.filename)).name}") from exc
            except (ValueError, KeyError, TypeError, EOFError, OSError) as exc:
                # Cut or edited files: JSON, UTF-8 and NumPy errors, or an unreadable disk.
                raise IndexBroken(str(index_dir), f"{gen_dir.name} is unreadable") from exc
            if keyword.ids != chunk_ids(chunks):
                raise IndexBroken(str(index_dir), "its keyword index and chunks disagree")
            return cls(index_dir, manifest, chunks, keyword, stamp)
        raise AssertionError("unreachable")

    def facts(self) -> Facts:
        """Decision records and provenance of this generation's files (see `records`)."""
        return load_facts(self.manifest.generation_dir(self.index_dir))

    def status(self) -> dict[str, object]:
        m = self.manifest
        return {
            "index": str(self.index_dir),
            "root": m.root,
            "model": m.model,
            "updated_at": m.updated_at,
            "documents": len(m.files),
            "chunks": len(self.chunks),
            "files": [
                {"file": name, "chapter": e.chapter, "chunks": e.chunks, "indexed_at": e.indexed_at}
                for name, e in m.files.items()
            ],
        }
