"""How similar is similar on this index: a null distribution of similarity scores.

An unanswerable question still lands near something, and how near depends on the
embedding model and on how alike the documents are. So each index measures its own
baseline: the first sentence of every sampled section, asked as a question, is matched
against the *other* documents. Those best similarities are what "related, but not the answer" looks
like here; a question's best similarity is then read as a percentile of them.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .chunking import Chunk
from .embedding import Embedder

CALIBRATION_FILE = "calibration.json"
SAMPLE_SECTIONS = 120  # enough for stable percentiles, about a second to measure
NEIGHBOURS = 40


@dataclass(frozen=True)
class Calibration:
    null: tuple[float, ...]  # sorted best similarities of headings to other sections

    def percentile(self, similarity: float) -> float:
        """The share of the null distribution at or below `similarity` (0.5 without one)."""
        if not self.null:
            return 0.5
        return bisect.bisect_right(self.null, similarity) / len(self.null)

    @classmethod
    def measure(cls, chunks: Sequence[Chunk], embedder: Embedder,
                nearest: Callable[[np.ndarray, int], list[tuple[str, float]]]) -> Calibration:
        """Ask the first sentence of sampled sections; keep each one's best similarity
        to the other documents."""
        firsts: dict[tuple[str, ...], str] = {}  # keyed by section path
        for chunk in chunks:
            if chunk.section_path not in firsts and (sentence := _first_sentence(chunk.text)):
                firsts[chunk.section_path] = sentence
        paths = sorted(firsts)
        step = max(1, len(paths) // SAMPLE_SECTIONS)
        sample = paths[::step][:SAMPLE_SECTIONS]
        if not sample:
            return cls(())
        # Another document is the surest "not the answer"; with one document, another
        # section has to do.
        several = len({c.file for c in chunks}) > 1
        source = {c.id: (c.file if several else c.section_path) for c in chunks}
        own = {c.section_path: (c.file if several else c.section_path) for c in chunks}
        vectors = embedder.embed([firsts[path] for path in sample])
        null = []
        for path, vector in zip(sample, vectors, strict=True):
            others = [similarity for chunk_id, similarity in nearest(vector, NEIGHBOURS)
                      if chunk_id in source and source[chunk_id] != own[path]]
            if others:
                null.append(max(others))
        return cls(tuple(sorted(null)))

    def save(self, directory: Path) -> None:
        (directory / CALIBRATION_FILE).write_text(json.dumps({"null": list(self.null)}))

    @classmethod
    def load(cls, directory: Path) -> Calibration | None:
        try:
            raw = json.loads((directory / CALIBRATION_FILE).read_text())
            return cls(tuple(sorted(float(v) for v in raw["null"])))
        except (OSError, ValueError, KeyError, TypeError):
            return None


_SENTENCE = re.compile(r"[A-Z][^.!?\n]{30,200}[.!?]")


def _first_sentence(text: str) -> str | None:
    """The first prose sentence of a chunk: a question-length probe without headings."""
    match = _SENTENCE.search(text)
    return match.group() if match else None
