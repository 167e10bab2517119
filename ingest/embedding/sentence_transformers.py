"""The reference backend: sentence-transformers on torch."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .base import MODEL_NAME, model_dir


class SentenceTransformerEmbedder:
    name = MODEL_NAME
    backend = "sentence-transformers"

    def __init__(self, path: Path | None = None, batch_size: int = 64) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are local; never call a hub
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        # No "Loading weights" bar on stderr: a notice there should be the only line.
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        # torch and sentence-transformers take seconds to import: only load them here.
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(path or model_dir()), device="cpu")
        self._batch_size = batch_size

    @property
    def max_tokens(self) -> int:
        return int(self._model.max_seq_length)

    @property
    def encoder(self) -> Any:
        """The underlying transformers model (torch.nn.Module), for the ONNX export."""
        return self._model[0].auto_model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=self._batch_size,
                                     normalize_embeddings=True, convert_to_numpy=True,
                                     show_progress_bar=False)
        return vectors.astype(np.float32, copy=False)
