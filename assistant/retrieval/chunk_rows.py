"""Lookups over a generation's per-chunk columns: a chunk's row from its id, a section's
(a file's) rows and size, the rows of some files or decision parts, and the best rows by score.

Arrays, not dicts of objects, so that an index of a million chunks costs megabytes here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ingest.chunk_table import ChunkColumns, SectionKey


class ChunkRows:
    def __init__(self, columns: ChunkColumns) -> None:
        self.columns = cols = columns
        self._id_order = np.argsort(cols.ids, kind="stable")
        self._sorted_ids = cols.ids[self._id_order]
        # Each section's rows, in record order: order[starts[s]:starts[s + 1]].
        self._section_order = np.argsort(cols.section, kind="stable")
        self._section_starts = np.searchsorted(cols.section[self._section_order],
                                               np.arange(len(cols.sections) + 1))
        # The same for each file's rows.
        self._file_order = np.argsort(cols.file, kind="stable")
        self._file_starts = np.searchsorted(cols.file[self._file_order],
                                            np.arange(len(cols.files) + 1))
        # A section's (a file's) characters as passages join them, to share the context
        # budget by.
        joined = cols.text_len.astype(np.int64) + 2
        self._chars = np.bincount(cols.section, weights=joined,
                                  minlength=len(cols.sections)).astype(np.int64)
        self._file_chars = np.bincount(cols.file, weights=joined,
                                       minlength=len(cols.files)).astype(np.int64)

    def __len__(self) -> int:
        return len(self.columns)

    def rows_of(self, ids: Sequence[str]) -> list[int | None]:
        """The row of each chunk id; None for an id no record has."""
        ordered = self._sorted_ids
        width = ordered.dtype.itemsize
        keys = [i.encode() for i in ids]
        wanted = np.asarray([k if len(k) <= width else b"" for k in keys], dtype=ordered.dtype)
        at = np.minimum(np.searchsorted(ordered, wanted), len(ordered) - 1)
        return [int(self._id_order[a]) if len(ordered) and len(k) <= width
                and ordered[a] == k else None for a, k in zip(at, keys, strict=True)]

    def section_key(self, row: int) -> SectionKey:
        return self.columns.sections[self.columns.section[row]]

    def section_code(self, row: int) -> int:
        return int(self.columns.section[row])

    def section_rows(self, row: int) -> list[int]:
        """The rows of the section that holds `row`, in record order."""
        return _group(self._section_order, self._section_starts, self.columns.section[row])

    def section_chars(self, row: int) -> int:
        return int(self._chars[self.columns.section[row]])

    def file_rows(self, row: int) -> list[int]:
        """The rows of the file that holds `row`, in record order."""
        return _group(self._file_order, self._file_starts, self.columns.file[row])

    def file_chars(self, row: int) -> int:
        return int(self._file_chars[self.columns.file[row]])

    def in_files(self, files: Sequence[str]) -> np.ndarray:
        wanted = set(files)
        cols = self.columns
        return np.isin(cols.file, [i for i, f in enumerate(cols.files) if f in wanted])

    def in_parts(self, parts: Sequence[str]) -> np.ndarray:
        """Rows whose decision part is one of `parts` (any case)."""
        wanted = {p.lower() for p in parts}
        cols = self.columns
        return np.isin(cols.part, [i for i, p in enumerate(cols.parts) if p.lower() in wanted])


def _group(order: np.ndarray, starts: np.ndarray, code: int) -> list[int]:
    """The rows with one code: order[starts[code]:starts[code + 1]]."""
    return order[starts[code]:starts[code + 1]].tolist()


def top_rows(scores: np.ndarray, take: int) -> tuple[np.ndarray, bool]:
    """The `take` best rows (and every row tied with the last), ordered as a stable sort
    of all rows would order them: best first, ties in row order. True when these are
    all the rows. Sorting only these, not every chunk, keeps a large index fast."""
    if take >= len(scores):
        return np.argsort(-scores, kind="stable"), True
    negated = -scores
    cutoff = np.partition(negated, take - 1)[take - 1]
    rows = np.flatnonzero(negated <= cutoff)
    return rows[np.lexsort((rows, negated[rows]))], len(rows) == len(scores)
