"""What the documents say, asked of the whole index: each term's document frequency and
whether a phrase occurs anywhere.

A small index answers from its chunk texts in memory. A large one (its records read on
demand, see `ingest.chunk_table`) answers from its keyword index instead: a term's
column of BM25 scores lists the chunks that contain it, so only those chunks' texts are
read to look for a phrase (the first few hundred of them: past that, a phrase whose
words only ever appear apart counts as absent).
"""

from __future__ import annotations

import numpy as np

from ingest.chunk_table import ChunkTable
from ingest.keyword import tokenize
from ingest.snapshot import IndexSnapshot
from ingest.tuning import ReadingParams

from .terms import Vocabulary

# Chunks read at most to look for one phrase among those holding all of its terms: each
# read costs tens of microseconds, and a phrase that is there is usually in the first few.
PHRASE_CANDIDATES = 256


def vocabulary_of(snapshot: IndexSnapshot, reading: ReadingParams) -> Vocabulary:
    """Document frequency of every term over the snapshot's chunks."""
    if isinstance(snapshot.chunks, ChunkTable):
        from collections import Counter

        return Vocabulary(Counter(snapshot.keyword.document_frequencies()),
                          len(snapshot.chunks), reading.common_share)
    return Vocabulary.build((c.embed_text for c in snapshot.chunks), reading.common_share)


def _common_rows(few: np.ndarray, many: np.ndarray) -> np.ndarray:
    """The rows in both ascending lists, looked up from the shorter one."""
    if not len(few) or not len(many):
        return few[:0]
    at = np.minimum(np.searchsorted(many, few), len(many) - 1)
    return few[many[at] == few]


class PhraseIndex:
    """Whether the documents contain a phrase (case-insensitive)."""

    def __init__(self, snapshot: IndexSnapshot) -> None:
        self._snapshot = snapshot
        self._text: str | None = None
        if not isinstance(snapshot.chunks, ChunkTable):
            self._text = "\n".join(c.embed_text.lower() for c in snapshot.chunks)
        self._known: dict[str, bool] = {}
        self._df: dict[str, int] | None = None  # for a large index, from its keyword index

    def knows(self, phrase: str) -> bool:
        needle = phrase.lower()
        if self._text is not None:
            return needle in self._text
        if needle not in self._known:
            self._known[needle] = self._search(needle)
        return self._known[needle]

    def _search(self, needle: str) -> bool:
        keyword = self._snapshot.keyword
        if self._df is None:
            self._df = keyword.document_frequencies()
        terms = sorted(set(tokenize(needle)), key=lambda t: self._df.get(t, 0))
        if not terms:
            return False
        # From the rarest term on: each further term only narrows the candidates.
        rows = keyword.rows_with(terms[0])
        for term in terms[1:]:
            if not len(rows):
                return False
            rows = _common_rows(rows, keyword.rows_with(term))
        chunks = self._snapshot.chunks
        return any(needle in chunks[int(row)].embed_text.lower()
                   for row in rows[:PHRASE_CANDIDATES])
