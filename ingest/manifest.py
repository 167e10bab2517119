"""The manifest: the single commit point of an index.

It names the live generation (chunk records and keyword index) and, per file, the
content hash that makes re-ingesting incremental. It is replaced atomically, so a
reader sees either the previous index or the new one, never half of each.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .chunking import Chunk
from .errors import IndexBroken, IndexFormatMismatch, UsageError

MANIFEST = "manifest.json"
# 2: each index has its own Chroma collection, named from the id in its folder.
FORMAT_VERSION = 2


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class FileEntry:
    sha256: str
    chapter: str
    chunks: int
    indexed_at: str
    # The file's decision metadata as written (`records.RawRecord.to_dict`), kept so an
    # unchanged file is not read again; None for a file indexed before it was kept.
    record: dict[str, Any] | None = None


@dataclass(frozen=True)
class Manifest:
    model: str
    chunker: str  # the chunking settings; a change re-chunks every file
    root: str  # absolute path of the ingested folder, for opening chapters
    generation: int
    updated_at: str
    files: dict[str, FileEntry] = field(default_factory=dict)
    pending_delete: tuple[str, ...] = ()  # vectors to drop once this manifest is committed
    facts: str = ""  # the settings its records.json was written with (`records.facts_key`)
    version: int = FORMAT_VERSION

    @classmethod
    def load(cls, index_dir: Path) -> Manifest | None:
        """The committed manifest; None when nothing was ever committed here."""
        check_index_dir(index_dir)
        path = index_dir / MANIFEST
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise IndexBroken(str(index_dir), f"cannot read {MANIFEST}: {exc}") from exc
        try:
            raw = json.loads(text)
            version = raw.get("version", 1)
        except (ValueError, AttributeError) as exc:
            raise IndexBroken(str(index_dir), f"{MANIFEST} is not valid JSON") from exc
        if version != FORMAT_VERSION:
            raise IndexFormatMismatch(str(index_dir), version, FORMAT_VERSION)
        try:
            files = {name: FileEntry(**entry) for name, entry in raw.pop("files").items()}
            raw["pending_delete"] = tuple(raw.get("pending_delete", ()))
            known = {f.name for f in fields(cls)}
            return cls(files=files, **{k: v for k, v in raw.items() if k in known})
        except (KeyError, TypeError, AttributeError) as exc:
            raise IndexBroken(str(index_dir), f"{MANIFEST} lacks a field: {exc}") from exc

    def save(self, index_dir: Path) -> None:
        data = asdict(self)
        data["pending_delete"] = list(self.pending_delete)
        write_atomic(index_dir / MANIFEST, json.dumps(data, indent=1))

    def generation_dir(self, index_dir: Path) -> Path:
        return generation_dir(index_dir, self.generation)


def generation_dir(index_dir: Path, generation: int) -> Path:
    return index_dir / f"gen-{generation:06d}"


def check_index_dir(index_dir: Path) -> None:
    """An index location must be a folder (or not exist yet)."""
    if index_dir.exists() and not index_dir.is_dir():
        raise UsageError(f"the index location {index_dir} is a file; point --index "
                         "(or TRADEOFFS_INDEX_DIR) at a folder")


def write_atomic(path: Path, text: str) -> None:
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


def write_ids(path: Path, ids: set[str]) -> None:
    """A list of chunk ids, replaced atomically (the vectors an ingest may have written)."""
    write_atomic(path, json.dumps(sorted(ids)))


def read_ids(path: Path) -> set[str]:
    try:
        return set(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return set()
    except ValueError:  # a torn write cannot happen (atomic), but an edit by hand can
        return set()


def read_chunks(path: Path) -> list[Chunk]:
    """A generation's chunk records; IndexBroken when the file is cut or edited."""
    chunks: list[Chunk] = []
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                chunks.append(Chunk.from_record(json.loads(line)))
    except (ValueError, KeyError, TypeError) as exc:  # JSON and UTF-8 errors are ValueErrors
        raise IndexBroken(str(path.parent.parent),
                          f"{path.parent.name}/{path.name} is cut or unreadable after "
                          f"{len(chunks)} records") from exc
    return chunks
