"""Export the bundled model to ONNX once, check it, and record which backend is faster.

`make install` runs this (`python -m ingest.embedding.export`); so does the first use of
`TRADEOFFS_EMBEDDER=onnx` when no export exists. It needs torch and sentence-transformers,
which the exported model then spares every query. The export is published only after
its vectors match sentence-transformers on a fixed sample, so an index built by either
backend is queried by the other without loss.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from filelock import FileLock

from .base import Embedder, model_dir
from .onnx import (
    ExportLocation,
    ExportRecord,
    OnnxEmbedder,
    OnnxUnavailable,
    export_location,
)
from .sentence_transformers import SentenceTransformerEmbedder

MIN_COSINE = 0.9999
OPSET = 17
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT = "last_hidden_state"

# Short and long, plain and technical, one past the 256-piece limit and one empty:
# embedded together, so padding and truncation are part of the check.
SAMPLE_TEXTS = (
    "",
    "GPU",
    "Should I use Karpenter or managed node groups for GPU training jobs?",
    "p5.48xlarge vs trn1.32xlarge: cost per token, EFA bandwidth and NCCL support.",
    "FSx for Lustre gives hundreds of GB/s of throughput; S3 with Mountpoint is cheaper "
    "and simpler when the data loader reads large sequential files.",
    "Ünïcödé, emoji 🚀 and CJK 推理 text still embeds.",
    " ".join(["The inference service scales on queue depth, not on CPU use."] * 40),
)


def _speed_texts() -> list[str]:
    """32 chunk-like texts of 20 to 200 words, the sizes ingest embeds."""
    words = ("karpenter schedules gpu nodes for distributed training while the inference "
             "fleet scales on queue depth and fsx for lustre feeds the data loaders").split()
    return [" ".join(words[(i + j) % len(words)] for j in range(20 + (i * 37) % 180))
            for i in range(32)]


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise cosine similarity of two stacks of vectors."""
    norms = np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1)
    return (a * b).sum(axis=1) / np.maximum(norms, 1e-12)


def texts_per_second(embedders: Sequence[Embedder], texts: Sequence[str]) -> dict[str, float]:
    """Batch throughput per backend: the better of two runs after a warm-up, the
    backends taking turns so that a change in machine load hits them alike."""
    best = {e.backend: float("inf") for e in embedders}
    for embedder in embedders:
        embedder.embed(texts[:4])
    for _ in range(2):
        for embedder in embedders:
            clock = time.perf_counter()
            embedder.embed(texts)
            best[embedder.backend] = min(best[embedder.backend], time.perf_counter() - clock)
    return {backend: round(len(texts) / seconds, 1) for backend, seconds in best.items()}


def export_onnx(cache_dir: Path, model_path: Path | None = None,
                reference: SentenceTransformerEmbedder | None = None) -> ExportRecord:
    """The checked export for the bundled model, made now unless another run made it.

    `reference` reuses an already loaded sentence-transformers model. Raises
    OnnxUnavailable when the export cannot be made or does not match sentence-transformers.
    """
    model_path = model_path or model_dir()
    try:
        location = export_location(cache_dir, model_path)
        location.directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OnnxUnavailable(f"cannot write the ONNX cache in {cache_dir}: {exc}") from exc
    # Two processes exporting at once would each spend seconds; the second waits and reuses.
    with FileLock(str(location.directory / "export.lock")):
        record = location.find()
        if record is not None:
            return record
        return _export_locked(location, model_path, reference)


def _export_locked(location: ExportLocation, model_path: Path,
                   reference: SentenceTransformerEmbedder | None) -> ExportRecord:
    started = time.perf_counter()
    tmp = location.directory / f"{location.model.name}.tmp-{os.getpid()}"
    try:
        reference = reference or SentenceTransformerEmbedder(model_path)
        _torch_export(reference.encoder, tmp)
        candidate = OnnxEmbedder(model_path, tmp)
        # Two batch sizes: one sample padded together, and each text on its own.
        together = cosines(candidate.embed(SAMPLE_TEXTS), reference.embed(SAMPLE_TEXTS))
        alone = cosines(np.vstack([candidate.embed([t]) for t in SAMPLE_TEXTS]),
                        reference.embed(SAMPLE_TEXTS))
        worst = float(min(together.min(), alone.min()))
        if not worst >= MIN_COSINE:
            raise OnnxUnavailable(f"the ONNX export differs from sentence-transformers "
                                  f"(cosine {worst:.6f} < {MIN_COSINE})")
        speeds = texts_per_second([candidate, reference], _speed_texts())
        os.replace(tmp, location.model)
    except OnnxUnavailable:
        raise
    except Exception as exc:  # torch's exporter fails in many ways; all mean "no export"
        raise OnnxUnavailable(f"the ONNX export failed: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    record = ExportRecord(model_sha=location.directory.name, min_cosine=round(worst, 8),
                          texts_per_second=speeds,
                          seconds=round(time.perf_counter() - started, 1))
    record.save(location.record)  # the commit point: without it the export does not count
    return record


def _torch_export(encoder: object, target: Path) -> None:
    """torch.onnx.export of the transformer: three inputs, dynamic batch and sequence."""
    import torch

    class LastHiddenState(torch.nn.Module):
        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                    token_type_ids: torch.Tensor) -> torch.Tensor:
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    # A padded dummy batch, so the traced graph keeps the attention mask.
    ids = torch.tensor([[101, 7570, 2054, 2003, 102], [101, 7570, 102, 0, 0]])
    mask = (ids != 0).long()
    axes = {name: {0: "batch", 1: "sequence"} for name in (*INPUTS, OUTPUT)}
    wrapper = LastHiddenState(encoder).eval()
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer chatter about Python-side shape checks
        torch.onnx.export(wrapper, (ids, mask, torch.zeros_like(ids)), str(target),
                          input_names=list(INPUTS), output_names=[OUTPUT],
                          dynamic_axes=axes, opset_version=OPSET, dynamo=False)


def main(argv: list[str] | None = None) -> int:
    """`python -m ingest.embedding.export`: make the export for the configured cache dir."""
    from ..settings import Settings

    parser = argparse.ArgumentParser(prog="python -m ingest.embedding.export",
                                     description="Export the bundled model to ONNX once.")
    parser.add_argument("--cache-dir", type=Path, help="default: TRADEOFFS_CACHE_DIR or "
                        "~/.cache/tradeoffs")
    args = parser.parse_args(argv)
    cache_dir = args.cache_dir or Settings.from_env().cache_dir
    try:
        record = export_onnx(cache_dir)
    except (OnnxUnavailable, OSError) as exc:
        print(f"tradeoffs: ONNX export not made ({exc}); sentence-transformers will be used",
              file=sys.stderr)
        return 1
    location = export_location(cache_dir, model_dir())
    print(f"ONNX export: {location.model} (cosine >= {record.min_cosine}; batch texts/s "
          + ", ".join(f"{k} {v}" for k, v in record.texts_per_second.items())
          + f"; ingest uses {record.faster_backend()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
