"""Chunk records of a large index, read on demand instead of all held as objects.

Retrieval needs a few facts about every chunk (its id, file, section, decision part and
length) and the text of only the handful it returns. A million `Chunk` objects cost
gigabytes; these columns cost about 50 bytes a chunk (and each section's name once),
and a chunk's record is parsed from the memory-mapped `chunks.jsonl` when it is asked
for. The columns are computed once per generation and kept beside the records
(`chunks.columns.npz`).
"""

from __future__ import annotations

import json
import mmap
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import overload

import numpy as np

from .chunking import Chunk

COLUMNS_FILE = "chunks.columns.npz"
# Above this size the records are read on demand; below it they are held as objects.
LAZY_ABOVE_BYTES = 64 * 2**20
PARSED_KEPT = 4096  # recently read records kept parsed: a passage rereads its neighbours

SectionKey = tuple[str, tuple[str, ...]]


def _codes(values: Iterable[object]) -> tuple[np.ndarray, list]:
    table: dict[object, int] = {}
    codes = [table.setdefault(v, len(table)) for v in values]
    return np.asarray(codes, dtype=np.int32), list(table)


@dataclass(frozen=True)
class ChunkColumns:
    """Per-chunk facts as arrays, rows in record order (by file, then position)."""

    ids: np.ndarray  # bytes, one per row
    file: np.ndarray  # code into `files`
    files: tuple[str, ...]
    section: np.ndarray  # code into `sections`
    sections: tuple[SectionKey, ...]
    part: np.ndarray  # code into `parts` ("" for none)
    parts: tuple[str, ...]
    text_len: np.ndarray  # characters of each chunk's text

    @classmethod
    def from_chunks(cls, chunks: Iterable[Chunk]) -> ChunkColumns:
        rows = [(c.id, c.file, c.section_path, c.part or "", len(c.text)) for c in chunks]
        ids = np.asarray([r[0].encode() for r in rows], dtype=bytes)
        file, files = _codes(r[1] for r in rows)
        section, sections = _codes((r[1], r[2]) for r in rows)
        part, parts = _codes(r[3] for r in rows)
        return cls(ids, file, tuple(files), section, tuple(sections), part, tuple(parts),
                   np.asarray([r[4] for r in rows], dtype=np.int32))

    def __len__(self) -> int:
        return len(self.ids)

    def id(self, row: int) -> str:
        return self.ids[row].decode()

    def id_list(self) -> list[str]:
        return [i.decode() for i in self.ids.tolist()]

    def save(self, path: Path, offsets: np.ndarray) -> None:
        """Write the columns and the records' line offsets (`offsets`) to `path`."""
        strings = json.dumps({"files": self.files, "sections": self.sections,
                              "parts": self.parts}, ensure_ascii=False).encode()
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, ids=self.ids, files=self.file, section=self.section, part=self.part,
                 text_len=self.text_len, offsets=offsets,
                 strings=np.frombuffer(strings, dtype=np.uint8))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path, size: int) -> tuple[ChunkColumns, np.ndarray] | None:
        """The columns and line offsets saved for a records file of `size` bytes."""
        try:
            with np.load(path, allow_pickle=False) as saved:
                offsets = saved["offsets"]
                if not len(offsets) or offsets[-1] != size:
                    return None
                strings = json.loads(saved["strings"].tobytes())
                # The copies of a name (a file's sections share its heading path) share
                # one string object.
                names: dict[str, str] = {}
                sections = tuple((names.setdefault(f, f),
                                  tuple(names.setdefault(h, h) for h in p))
                                 for f, p in strings["sections"])
                columns = cls(saved["ids"], saved["files"], tuple(strings["files"]),
                              saved["section"], sections, saved["part"],
                              tuple(strings["parts"]), saved["text_len"])
        except (OSError, ValueError, KeyError):
            return None
        return (columns, offsets) if len(columns) == len(offsets) - 1 else None


class ChunkTable(Sequence[Chunk]):
    """The records of `chunks.jsonl` as a read-only sequence, parsed when indexed."""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as fh:
            size = fh.seek(0, 2)
            self._data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        self.path = path
        self.record = lru_cache(maxsize=PARSED_KEPT)(self._record)
        cached = path.with_name(COLUMNS_FILE)
        loaded = ChunkColumns.load(cached, size)
        if loaded is None:
            offsets = _line_starts(path)
            self._offsets = offsets
            columns = ChunkColumns.from_chunks(iter(self))
            try:
                columns.save(cached, offsets)
            except OSError:
                pass  # a read-only index computes them again on the next open
        else:
            columns, offsets = loaded
        self._offsets = offsets
        self.columns = columns

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, row: int) -> Chunk: ...
    @overload
    def __getitem__(self, row: slice) -> list[Chunk]: ...

    def __getitem__(self, row: int | slice) -> Chunk | list[Chunk]:
        if isinstance(row, slice):
            return [self.record(i) for i in range(*row.indices(len(self)))]
        if row < 0:
            row += len(self)
        if not 0 <= row < len(self):
            raise IndexError(row)
        return self.record(row)

    def _record(self, row: int) -> Chunk:
        start, end = int(self._offsets[row]), int(self._offsets[row + 1])
        return _parse(self._data[start:end])

    def __iter__(self) -> Iterator[Chunk]:
        # Read, not mapped: a full pass would otherwise leave the whole file resident in
        # this process. Nor through the cache: it need not evict the recent records.
        with open(self.path, "rb") as fh:
            for line in fh:
                yield _parse(line)


def _line_starts(path: Path) -> np.ndarray:
    """Byte offset of every line, and the end: rows are the lines between them."""
    starts = [0]
    with open(path, "rb") as fh:
        for line in fh:
            starts.append(starts[-1] + len(line))
    return np.asarray(starts, dtype=np.int64)


def _parse(line: bytes) -> Chunk:
    return Chunk.from_record(json.loads(line))


def open_chunks(path: Path, lazy: bool | None = None) -> Sequence[Chunk]:
    """The records of a generation: all parsed, or (large, or `lazy`) read on demand."""
    from .manifest import read_chunks

    if lazy is None:
        lazy = path.stat().st_size > LAZY_ABOVE_BYTES
    return ChunkTable(path) if lazy else tuple(read_chunks(path))


def columns_of(chunks: Sequence[Chunk]) -> ChunkColumns:
    """The columns of a generation's records, however they were read."""
    if isinstance(chunks, ChunkTable):
        return chunks.columns
    return ChunkColumns.from_chunks(chunks)


def chunk_ids(chunks: Sequence[Chunk]) -> list[str]:
    if isinstance(chunks, ChunkTable):
        return chunks.columns.id_list()
    return [c.id for c in chunks]
