"""The manifest: the single commit point of an index.

It names the live generation (chunk records and keyword index) and, per file, the
content hash that makes re-ingesting incremental. It is replaced atomically, so a
reader sees either the previous index or the new one, never half of each.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .chunking import Chunk

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class FileEntry:
    sha256: str
    chapter: str
    chunks: int
    indexed_at: str


@dataclass(frozen=True)
class Manifest:
    model: str
    chunker: str  # the chunking settings; a change re-chunks every file
    root: str  # absolute path of the ingested folder, for opening chapters
    generation: int
    updated_at: str
    files: dict[str, FileEntry] = field(default_factory=dict)
    pending_delete: tuple[str, ...] = ()  # vectors to drop once this manifest is committed
    version: int = FORMAT_VERSION

    @classmethod
    def load(cls, index_dir: Path) -> Manifest | None:
        path = index_dir / MANIFEST
        if not path.exists():
            return None
        raw = json.loads(path.read_text())
        files = {name: FileEntry(**entry) for name, entry in raw.pop("files").items()}
        raw["pending_delete"] = tuple(raw.get("pending_delete", ()))
        return cls(files=files, **raw)

    def save(self, index_dir: Path) -> None:
        data = asdict(self)
        data["pending_delete"] = list(self.pending_delete)
        _write_atomic(index_dir / MANIFEST, json.dumps(data, indent=1))

    def generation_dir(self, index_dir: Path) -> Path:
        return index_dir / f"gen-{self.generation:06d}"


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def write_chunks(path: Path, chunks: list[Chunk]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for chunk in chunks:
            record = asdict(chunk)
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def read_chunks(path: Path) -> list[Chunk]:
    chunks = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            record["section_path"] = tuple(record["section_path"])
            chunks.append(Chunk(**record))
    return chunks
