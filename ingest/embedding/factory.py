"""Choosing the embedding backend: the one place that knows every backend.

Backends load lazily, so a process that only queries never imports torch when an ONNX
export exists, and the sentence-transformers path never loads onnxruntime.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..errors import UsageError
from ..settings import Settings
from .base import BACKENDS, PURPOSES, Embedder, model_dir
from .sentence_transformers import SentenceTransformerEmbedder

log = logging.getLogger("tradeoffs")


def load_embedder(settings: Settings, purpose: str, threads: int | None = None) -> Embedder:
    """The backend `settings.embedder` names; both give the same vectors, so the choice
    is about speed.

    "sentence-transformers" and "onnx" force a backend; "onnx" first exports the model
    into `settings.cache_dir` if no export is there.
    "auto" uses an existing export (made by `make install` or `python -m
    ingest.embedding.export`) for queries, which then start seconds sooner, and for ingest
    unless the export measured sentence-transformers clearly faster for batches.
    If the ONNX backend fails, one line on stderr says why and sentence-transformers
    takes over. `threads` caps the ONNX backend's threads (default: every usable core),
    for processes that share the cores, such as the service's workers.
    """
    backend = settings.embedder
    if backend not in BACKENDS:
        raise UsageError(f"unknown embedder {backend!r}; "
                         f"choose one of {', '.join(BACKENDS)}")
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    if backend == "sentence-transformers":
        return SentenceTransformerEmbedder()
    # Imported here so that the sentence-transformers path never loads onnxruntime.
    from .onnx import OnnxUnavailable

    try:
        return _onnx_embedder(backend == "onnx", purpose, Path(settings.cache_dir), threads)
    except (OnnxUnavailable, OSError) as exc:
        log.warning("tradeoffs: ONNX embedder unavailable (%s); using sentence-transformers",
                    " ".join(str(exc).split()))
        return SentenceTransformerEmbedder()


def _onnx_embedder(forced: bool, purpose: str, cache_dir: Path,
                   threads: int | None = None) -> Embedder:
    from .onnx import OnnxEmbedder, OnnxUnavailable, export_location

    path = model_dir()
    location = export_location(cache_dir, path)
    record = location.find()
    if record is None and not forced:
        # Exporting costs more than the torch start it would save this one process.
        return SentenceTransformerEmbedder()
    if record is None:
        from .export import export_onnx  # imports torch: only to export

        record = export_onnx(cache_dir, path)
    if purpose == "ingest" and not forced and record.faster_backend() != OnnxEmbedder.backend:
        return SentenceTransformerEmbedder()
    try:
        return OnnxEmbedder(path, location.model, threads=threads)
    except OnnxUnavailable as exc:
        location.discard()  # unreadable: the next export makes it again
        raise OnnxUnavailable(f"{exc}; removed it, `python -m ingest.embedding.export` "
                              "exports it again") from exc
