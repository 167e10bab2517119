"""Embedding: the `Embedder` protocol, its backends and the factory that picks one.

`base` holds the protocol and the bundled model; `sentence_transformers` and `onnx` are
the backends, each importing only `base`; `factory.load_embedder` chooses; `export`
makes the ONNX export (`python -m ingest.embedding.export`).
"""

from .base import BACKENDS, MODEL_NAME, Embedder, model_dir
from .factory import load_embedder
from .sentence_transformers import SentenceTransformerEmbedder

__all__ = ["BACKENDS", "MODEL_NAME", "Embedder", "SentenceTransformerEmbedder", "load_embedder",
           "model_dir"]
