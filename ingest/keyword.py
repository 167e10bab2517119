"""The keyword side of hybrid search: a bm25s index over the same chunks as the vectors.

Tokens keep technical names whole (`p5.48xlarge`, `trn1`, `MAX_JOBS`, `--dry-run`) and
also add their parts, so "p5" finds "p5.48xlarge" and the exact name ranks it first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

# Identifiers stay whole: snake_case, kebab-case, dotted names, paths, versions.
_TOKEN = re.compile(r"[a-z0-9_]*[a-z0-9](?:[.\-/][a-z0-9_]*[a-z0-9])*")
_PART = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    "a about an and are as at be been but by can do does for from has have how i if in into "
    "is it its me my of on or our should so than that the their them then there these they "
    "this those to was we were what when where which while who why will with would you your "
    "vs versus".split()
)


def tokenize(text: str) -> list[str]:
    """Lower-cased terms without stop words; compound names yield the whole and its parts."""
    tokens: list[str] = []
    for term in _TOKEN.findall(text.lower()):
        if term in STOPWORDS:
            continue
        tokens.append(term)
        # Only a term with a separator (`_ . - /`) has parts; most have none to look for.
        if not term.isalnum():
            parts = _PART.findall(term)
            if len(parts) > 1:
                tokens.extend(p for p in parts if p not in STOPWORDS)
    return tokens


class KeywordIndex:
    """BM25 scores for every chunk, in the same order as `ids`."""

    def __init__(self, ids: Sequence[str], retriever: object | None) -> None:
        self.ids = list(ids)
        self._retriever = retriever
        self._sorted_columns: set[int] = set()  # term columns checked to be in row order

    @classmethod
    def build(cls, ids: Sequence[str], texts: Sequence[str]) -> KeywordIndex:
        if not ids:
            return cls([], None)
        import bm25s

        retriever = bm25s.BM25()
        # An empty chunk would otherwise break the sparse matrix; "_" never matches a query.
        retriever.index([tokenize(t) or ["_"] for t in texts], show_progress=False)
        return cls(ids, retriever)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "ids.json").write_text(json.dumps(self.ids))
        if self._retriever is not None:
            self._retriever.save(str(directory), show_progress=False)

    @classmethod
    def load(cls, directory: Path, mmap: bool = False) -> KeywordIndex:
        """The saved index; with `mmap`, its score arrays stay on disk and a query reads
        only the columns of its terms (for indexes too large to hold in memory)."""
        ids = json.loads((directory / "ids.json").read_text())
        if not ids:
            return cls([], None)
        saved = SavedScores.load(directory, mmap)
        if saved is not None:
            return cls(ids, saved)
        import bm25s

        return cls(ids, bm25s.BM25.load(str(directory), show_progress=False, mmap=mmap))

    def rows_with(self, term: str) -> np.ndarray:
        """The chunks (rows, ascending) that contain `term`."""
        if self._retriever is None:
            return np.zeros(0, dtype=np.int64)
        saved = isinstance(self._retriever, SavedScores)
        indptr = self._retriever.indptr if saved else self._retriever.scores["indptr"]
        column = self._retriever.vocab_dict.get(term, -1)
        if not 0 <= column < len(indptr) - 1:  # unknown, or bm25s's empty term
            return np.zeros(0, dtype=np.int64)
        indices = self._retriever.indices if saved else self._retriever.scores["indices"]
        rows = indices[indptr[column]:indptr[column + 1]]
        if column not in self._sorted_columns:
            # bm25s writes each column in row order; sort (once) only if one is not.
            if len(rows) > 1 and bool((rows[1:] < rows[:-1]).any()):
                return np.sort(np.asarray(rows))
            self._sorted_columns.add(column)
        return rows

    def document_frequencies(self) -> dict[str, int]:
        """In how many chunks each term occurs: the length of its column of scores (a
        term scores above zero in every chunk that has it)."""
        if self._retriever is None:
            return {}
        indptr = (self._retriever.indptr if isinstance(self._retriever, SavedScores)
                  else self._retriever.scores["indptr"])
        counts = np.diff(np.asarray(indptr)).tolist()
        # bm25s names an empty term that has no column; it is no word of any chunk.
        return {term: counts[i] for term, i in self._retriever.vocab_dict.items()
                if i < len(counts) and counts[i]}

    def scores(self, query: str) -> np.ndarray:
        """One BM25 score per chunk; all zeros when no query term is in the vocabulary."""
        if self._retriever is None:
            return np.zeros(0, dtype=np.float32)
        vocab = self._retriever.vocab_dict
        terms = [t for t in tokenize(query) if t in vocab]
        if not terms:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self._retriever.get_scores(terms), dtype=np.float32)


class SavedScores:
    """bm25s's saved index, scored with numpy alone. Importing bm25s pulls in scipy,
    a large share of a one-shot `ask`; a query only needs to sum precomputed scores."""

    # Variants whose score is the sum of the saved per-term columns (bm25l and bm25+ also
    # add a non-occurrence term; those load through bm25s).
    METHODS = frozenset({"lucene", "robertson", "atire"})

    def __init__(self, vocab_dict: dict[str, int], data: np.ndarray, indices: np.ndarray,
                 indptr: np.ndarray, num_docs: int, dtype: str) -> None:
        self.vocab_dict = vocab_dict
        self._data, self._indices, self._indptr = data, indices, indptr
        self._num_docs, self._dtype = num_docs, dtype

    @property
    def indptr(self) -> np.ndarray:
        return self._indptr

    @property
    def indices(self) -> np.ndarray:
        return self._indices

    @classmethod
    def load(cls, directory: Path, mmap: bool = False) -> SavedScores | None:
        """The index in `directory`, or None when only bm25s itself can score it."""
        try:
            params = json.loads((directory / "params.index.json").read_text())
            if params.get("method") not in cls.METHODS:
                return None
            vocab = json.loads((directory / "vocab.index.json").read_text(encoding="utf-8"))
            arrays = [np.load(directory / f"{name}.csc.index.npy",
                              mmap_mode="r" if mmap else None)
                      for name in ("data", "indices", "indptr")]
            return cls(vocab, *arrays, int(params["num_docs"]), params.get("dtype", "float32"))
        except (OSError, ValueError, KeyError):
            return None

    def get_scores(self, terms: list[str]) -> np.ndarray:
        """bm25s.BM25.get_scores: each query term (repeats count) adds its column."""
        scores = np.zeros(self._num_docs, dtype=self._dtype)
        for term_id in (self.vocab_dict[t] for t in terms):
            start, end = self._indptr[term_id], self._indptr[term_id + 1]
            # A column names each chunk once, so a plain indexed add is np.add.at's sum.
            scores[self._indices[start:end]] += self._data[start:end]
        return scores

