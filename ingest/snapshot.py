"""The read side of an index: the committed manifest, its chunk records and keyword index."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .chunking import Chunk
from .errors import IndexMissing
from .keyword import KeywordIndex
from .manifest import Manifest, read_chunks


@dataclass(frozen=True)
class IndexSnapshot:
    index_dir: Path
    manifest: Manifest
    chunks: tuple[Chunk, ...]  # ordered by file, then position
    keyword: KeywordIndex

    @classmethod
    def open(cls, index_dir: Path) -> IndexSnapshot:
        manifest = Manifest.load(index_dir)
        if manifest is None:
            raise IndexMissing(str(index_dir))
        gen_dir = manifest.generation_dir(index_dir)
        chunks = tuple(read_chunks(gen_dir / "chunks.jsonl"))
        keyword = KeywordIndex.load(gen_dir / "keyword")
        if keyword.ids != [c.id for c in chunks]:
            raise IndexMissing(str(index_dir))  # unreachable unless files were edited by hand
        return cls(index_dir, manifest, chunks, keyword)

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
