"""Hybrid, structure-aware retrieval: match small chunks, return whole (sub)sections.

1. Score chunks by cosine similarity (Chroma) plus normalised BM25 (bm25s).
2. Keep the best chunk per section, so one long section cannot fill every slot.
3. Optionally diversify the sections with MMR over their word sets.
4. Expand each section into a passage: the whole section when it fits its share of the
   context budget, else its best-scoring chunks that fit, in source order. Sections
   smaller than an equal share leave the rest of theirs to the larger ones. A short
   document is read whole, as one passage.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ingest.chunk_table import SectionKey, columns_of
from ingest.embedding import Embedder
from ingest.exact_search import ExactSearch
from ingest.keyword import tokenize
from ingest.records import Facts
from ingest.snapshot import IndexSnapshot
from ingest.tuning import Mode, RetrievalConfig
from ingest.vector_store import VectorStore

from ..models import Passage
from .chunk_rows import ChunkRows, top_rows
from .fusion import fuse, mmr
from .passage_text import Span, best_rows, fair_shares, heading_path, join_chunks, read_spans
from .records import with_facts

# Implementation limits, not tuning: they change how fast an answer comes, never which.
RECENT_QUERIES = 8  # dense results kept for repeated queries
# Rows ranked per pass when ranking sections: enough for the usual handful of sections
# without sorting every chunk of a large index; a pass that runs short takes more.
RANK_ROWS = 4096


@dataclass(frozen=True)
class Retrieval:
    passages: list[Passage]
    best_similarity: float | None  # best cosine similarity; None when no dense query ran
    timings_ms: dict[str, float]


class Retriever:
    @cached_property
    def facts(self) -> Facts:
        """The decision records and provenance of the snapshot's files."""
        return self.snapshot.facts()

    def __init__(self, snapshot: IndexSnapshot, store: VectorStore,
                 embedder: Embedder, config: RetrievalConfig | None = None,
                 exact: bool = True) -> None:
        self.snapshot = snapshot
        self.store = store
        self.embedder = embedder
        self.config = config or RetrievalConfig()
        # Facts about every chunk as arrays; a chunk's text is read only when returned.
        self._rows = ChunkRows(columns_of(snapshot.chunks))
        self._lengths = self._rows.columns.text_len.astype(np.float32)
        self._words: dict[int, frozenset[str]] = {}  # a section's terms, for MMR
        self._recent: dict[tuple[object, ...], tuple[np.ndarray, np.ndarray]] = {}
        # One Assistant answers many threads at once (the service, the app): the cache of
        # recent results is read and trimmed under a lock.
        self._recent_lock = threading.Lock()
        self._exact = ExactSearch.open(snapshot, store) if exact else None

    def retrieve(self, query: str, k: int, max_chars: int,
                 chapters: Sequence[str] | None = None, parts: Sequence[str] | None = None,
                 config: RetrievalConfig | None = None) -> Retrieval:
        config = config or self.config
        timings: dict[str, float] = {}
        allowed = self._allowed(chapters, parts)
        if not allowed.any():
            return Retrieval([], None, timings)

        scores, best_similarity = self._scores(query, allowed, chapters, config, timings)
        clock = time.perf_counter()

        sections = self._rank_sections(scores, limit=max(3 * k, 10))
        if config.diversity and len(sections) > k:
            words = [self._section_words(row) for _, _, row in sections]
            similarity = _jaccard_matrix(words)
            relevance = _unit([s for _, s, _ in sections])
            order = mmr(list(range(len(sections))), relevance, similarity, len(sections),
                        config.mmr_lambda)
            sections = [sections[i] for i in order]
        sections = cap_per_file(sections, config.per_file)
        # A decision-part filter asks for those sections alone, not their documents.
        whole = config.whole_document_shares * max_chars // k
        spans = read_spans(sections, self._rows, k, 0 if parts else whole)
        passages = self._passages(spans, scores, max_chars)
        timings["assemble"] = _ms(clock)
        return Retrieval(passages, best_similarity, timings)

    def _scores(self, query: str, allowed: np.ndarray, chapters: Sequence[str] | None,
                config: RetrievalConfig,
                timings: dict[str, float]) -> tuple[np.ndarray, float | None]:
        """One score per chunk (-inf where filtered out), and the best cosine similarity."""
        rows = len(self._rows)
        dense = np.zeros(rows, dtype=np.float32)
        seen = np.zeros(rows, dtype=bool)
        if config.mode is not Mode.KEYWORD:
            dense, seen = self._dense(query, chapter_files(chapters, self.snapshot),
                                      min(config.dense_candidates, rows), timings)
        clock = time.perf_counter()
        # Keyword-only retrieval has no similarity to judge coverage by.
        best_similarity = (float(dense[allowed & seen].max()) if (allowed & seen).any()
                           else None if config.mode is Mode.KEYWORD else 0.0)

        keyword = np.zeros(rows, dtype=np.float32)
        if config.mode is not Mode.DENSE:
            keyword = self.snapshot.keyword.scores(query)
        if config.mode is Mode.KEYWORD:
            scores = keyword.copy()
        elif config.mode is Mode.DENSE:
            scores = dense.copy()
        else:
            scores = fuse(dense, keyword * allowed, config.keyword_weight)
        if config.full_chunk_chars:  # (a dense-only score below 0 is left as it is)
            short = np.minimum(1.0, self._lengths / config.full_chunk_chars)
            scores = np.where(scores > 0, scores * short, scores)
        scores[~allowed] = -np.inf
        timings["keyword"] = _ms(clock)
        return scores, best_similarity

    def _dense(self, query: str, files: list[str] | None, n: int,
               timings: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """Cosine similarity per chunk for the top n, and which chunks those are.

        The last few results are kept: a comparison asks again for the same question,
        with only a decision-part filter, which the caller applies afterwards.
        """
        key = (query, tuple(files or ()), n)
        with self._recent_lock:
            cached = self._recent.get(key)
        if cached is not None:
            return cached
        clock = time.perf_counter()
        vector = self.embedder.embed([query])[0]
        timings["embed"] = _ms(clock)
        clock = time.perf_counter()
        rows = len(self._rows)
        dense = np.zeros(rows, dtype=np.float32)
        seen = np.zeros(rows, dtype=bool)
        if self._exact is not None:
            similarity = self._exact.similarities(vector)
            if files is not None:
                similarity[~self._rows.in_files(files)] = -np.inf
            # Stable: equal similarities keep chunk order, the same on every run.
            top = top_rows(similarity, n)[0][:n]
            top = top[np.isfinite(similarity[top])]
            dense[top] = similarity[top]
            seen[top] = True
        else:
            hits = self.store.query(vector, n, files=files)
            for hit, row in zip(hits, self._rows.rows_of([h.id for h in hits]), strict=True):
                if row is not None:  # vectors no manifest names yet are ignored
                    dense[row] = 1.0 - hit.distance
                    seen[row] = True
        # Chunks beyond the dense candidates count as no more similar than the last one.
        floor = float(dense[seen].min()) if seen.any() else 0.0
        dense[~seen] = floor
        timings["dense"] = _ms(clock)
        with self._recent_lock:
            self._recent[key] = (dense, seen)
            while len(self._recent) > RECENT_QUERIES:
                self._recent.pop(next(iter(self._recent)))  # the oldest
        return dense, seen

    def nearest(self, vector: np.ndarray, n: int) -> list[tuple[str, float]]:
        """The `n` chunks most similar to a vector: (chunk id, cosine similarity)."""
        n = min(n, len(self._rows))
        if self._exact is not None:
            similarity = self._exact.similarities(vector)
            top = top_rows(similarity, n)[0][:n]
            return [(self._rows.columns.id(i), float(similarity[i])) for i in top]
        return [(hit.id, 1.0 - hit.distance) for hit in self.store.query(vector, n)]

    def _section_words(self, row: int) -> frozenset[str]:
        # The snapshot never changes, so each section is tokenized once, not per question.
        code = self._rows.section_code(row)
        if code not in self._words:
            chunks = self.snapshot.chunks
            self._words[code] = frozenset(tokenize(" ".join(
                chunks[i].text for i in self._rows.section_rows(row))))
        return self._words[code]

    def _allowed(self, chapters: Sequence[str] | None, parts: Sequence[str] | None) -> np.ndarray:
        mask = np.ones(len(self._rows), dtype=bool)
        if chapters:
            mask &= self._rows.in_files(chapter_files(chapters, self.snapshot) or ())
        if parts:
            mask &= self._rows.in_parts(parts)
        return mask

    def _rank_sections(self, scores: np.ndarray, limit: int) -> list[tuple[SectionKey, float, int]]:
        """(section, score, best chunk row), best first; one entry per section."""
        take = RANK_ROWS
        while True:
            best: dict[SectionKey, tuple[float, int]] = {}
            ranked, complete = top_rows(scores, take)
            for row in ranked:
                score = float(scores[row])
                if not np.isfinite(score):
                    complete = True
                    break
                key = self._rows.section_key(row)
                if key not in best:
                    best[key] = (score, int(row))
                    if len(best) >= limit:
                        complete = True
                        break
            if complete:
                return [(key, score, row) for key, (score, row) in best.items()]
            take *= 8

    def _passages(self, spans: list[Span], scores: np.ndarray, max_chars: int) -> list[Passage]:
        chunks = self.snapshot.chunks
        shares = fair_shares([span.chars for span in spans], max_chars)
        passages: list[Passage] = []
        remaining = max_chars
        for span, share in zip(spans, shares, strict=True):
            rows = best_rows(span.rows, span.best, self._rows.columns.text_len, scores, share)
            chosen = [chunks[r] for r in rows]
            text = join_chunks(chosen)
            if passages and len(text) > remaining:
                continue  # even its best chunk would overrun the context budget
            remaining -= len(text)
            path, covers = heading_path(chosen)
            head = chosen[0]
            passages.append(with_facts(Passage(head.file, head.chapter, path, head.start,
                                               chosen[-1].end, text, round(span.score, 4),
                                               covers=covers), self.facts))
        return passages


def cap_per_file(sections: list[tuple[SectionKey, float, int]], per_file: int,
                 ratio: float = 0.5) -> list[tuple[SectionKey, float, int]]:
    """The ranking, with each file's sections beyond `per_file` moved behind the other
    files' sections that score at least `ratio` of theirs: one document's repeated
    wording cannot crowd out the others, but a far weaker section does not displace it."""
    counts: dict[str, int] = defaultdict(int)
    kept: list[tuple[SectionKey, float, int]] = []
    overflow: list[tuple[SectionKey, float, int]] = []
    for entry in sections:
        counts[entry[0][0]] += 1
        (kept if counts[entry[0][0]] <= per_file else overflow).append(entry)
    for entry in overflow:
        at = next((i for i, other in enumerate(kept)
                   if other[0][0] != entry[0][0] and other[1] < ratio * entry[1]), len(kept))
        kept.insert(at, entry)
    return kept


def chapter_files(chapters: Sequence[str] | None, snapshot: IndexSnapshot) -> list[str] | None:
    """The files chapter filters name, by relative path or by file name alone (None: no
    filter, every file)."""
    if not chapters:
        return None
    names = set(snapshot.manifest.files)
    wanted = set()
    for chapter in chapters:
        wanted |= {n for n in names if n == chapter or n.rsplit("/", 1)[-1] == chapter}
    return sorted(wanted) or list(chapters)


def _jaccard_matrix(words: list[frozenset[str]]) -> np.ndarray:
    """Jaccard similarity of every pair of word sets (0 beside an empty set). It is
    symmetric, so each pair is measured once, and the union is counted, not built."""
    similarity = [[0.0] * len(words) for _ in words]
    for i, a in enumerate(words):
        for j in range(i, len(words)):
            b = words[j]
            if a and b:
                shared = len(a & b)
                similarity[i][j] = similarity[j][i] = shared / (len(a) + len(b) - shared)
    return np.array(similarity)


def _unit(values: list[float]) -> list[float]:
    lo, hi = min(values), max(values)
    return [(v - lo) / (hi - lo) if hi > lo else 1.0 for v in values]


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 2)
