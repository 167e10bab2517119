"""The ONNX Runtime embedder: the same vectors as sentence-transformers, without torch.

A query process that imports torch and sentence-transformers spends seconds before it
embeds anything; onnxruntime and tokenizers load in a fraction of that. The model is
exported once (see `export`) into `<cache_dir>/onnx/<model hash>/`, next to an
`export.json` record that says the export passed its check and which backend embeds
batches faster. Without that record the export does not count as made.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ..errors import first_line
from .base import MODEL_NAME

EXPORT_FILE = "model.onnx"
RECORD_FILE = "export.json"
WEIGHTS_FILE = "model.safetensors"
DIGESTS_FILE = "digests.json"
DIMENSIONS = 384
TIE_MARGIN = 0.1  # another backend must embed batches this much faster to be chosen


class OnnxUnavailable(Exception):
    """The ONNX backend cannot be used here; the caller falls back to sentence-transformers."""


@dataclass(frozen=True)
class ExportRecord:
    """What the export check found; written next to the model once it passed."""

    model_sha: str
    min_cosine: float  # the worst row of the sample, against sentence-transformers
    texts_per_second: dict[str, float]  # batch embedding speed per backend, at export
    seconds: float  # how long the export took

    def faster_backend(self) -> str:
        """The backend ingest should use: the one measured faster for batches. Within
        TIE_MARGIN it is ONNX: such a gap is noise on a busy machine, and ONNX starts
        seconds sooner."""
        onnx = self.texts_per_second.get("onnx", 0.0)
        fastest = max(self.texts_per_second, key=self.texts_per_second.__getitem__)
        return "onnx" if onnx * (1 + TIE_MARGIN) >= self.texts_per_second[fastest] else fastest

    def save(self, path: Path) -> None:
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        tmp.write_text(json.dumps(asdict(self), indent=2))
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> ExportRecord | None:
        try:
            return cls(**json.loads(path.read_text()))
        except (OSError, ValueError, TypeError):
            return None


@dataclass(frozen=True)
class ExportLocation:
    directory: Path

    @property
    def model(self) -> Path:
        return self.directory / EXPORT_FILE

    @property
    def record(self) -> Path:
        return self.directory / RECORD_FILE

    def find(self) -> ExportRecord | None:
        """The record of a finished, checked export here, or None."""
        if not self.model.is_file():
            return None
        return ExportRecord.load(self.record)

    def discard(self) -> None:
        """Forget this export (its record first: without it the model does not count)."""
        try:
            self.record.unlink(missing_ok=True)
            self.model.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only cache keeps the bad file; each start then reports it


def export_location(cache_dir: Path, model_path: Path) -> ExportLocation:
    """Where the export of this model's weights lives: keyed by their hash, so new
    weights never meet an old export."""
    return ExportLocation(Path(cache_dir) / "onnx" / model_digest(model_path, cache_dir))


def model_digest(model_path: Path, cache_dir: Path) -> str:
    """sha256[:16] of the weights, remembered by size and mtime: hashing 90 MB on
    every start would cost more than the rest of a query."""
    weights = Path(model_path) / WEIGHTS_FILE
    stat = weights.stat()
    key = f"{weights.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
    memo_path = Path(cache_dir) / "onnx" / DIGESTS_FILE
    try:
        memo = json.loads(memo_path.read_text())
    except (OSError, ValueError):
        memo = {}
    if isinstance(memo, dict) and isinstance(memo.get(key), str):
        return memo[key]
    digest = hashlib.sha256()
    with weights.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    value = digest.hexdigest()[:16]
    try:
        memo_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = memo_path.with_name(f"{DIGESTS_FILE}.tmp-{os.getpid()}")
        tmp.write_text(json.dumps({**(memo if isinstance(memo, dict) else {}), key: value}))
        os.replace(tmp, memo_path)
    except OSError:
        pass  # a read-only cache only costs the hash again next time
    return value


def check_pooling(model_path: Path) -> None:
    """Raise OnnxUnavailable unless the model is mean pooling + L2 normalisation,
    the only head `embed` reproduces."""
    try:
        pooling = json.loads((model_path / "1_Pooling" / "config.json").read_text())
        modules = json.loads((model_path / "modules.json").read_text())
    except (OSError, ValueError) as exc:
        raise OnnxUnavailable(f"cannot read the model's pooling config: {exc}") from exc
    modes = {k: v for k, v in pooling.items() if k.startswith("pooling_mode_")}
    types = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    if [k for k, v in modes.items() if v] != ["pooling_mode_mean_tokens"] or \
            types != ["Transformer", "Pooling", "Normalize"]:
        raise OnnxUnavailable(f"the model pools as {modes} with modules {types}, "
                              "not mean pooling then normalisation")


def max_seq_length(model_path: Path) -> int:
    """The word-piece limit sentence-transformers applies (sentence_bert_config.json)."""
    config = json.loads((model_path / "sentence_bert_config.json").read_text())
    return int(config["max_seq_length"])


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Average of the token vectors the attention mask keeps, as sentence-transformers'
    Pooling(mean) does (the count is clamped, so an all-padding row gives zeros)."""
    weights = mask[..., None].astype(np.float32)
    summed = (hidden * weights).sum(axis=1)
    return summed / np.clip(weights.sum(axis=1), 1e-9, None)


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Unit rows, as torch.nn.functional.normalize (eps 1e-12) in the Normalize module."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)


class OnnxEmbedder:
    """all-MiniLM-L6-v2 on ONNX Runtime: tokenizers, the exported encoder, then the
    model's own pooling and normalisation in numpy."""

    name = MODEL_NAME
    backend = "onnx"

    def __init__(self, model_path: Path, onnx_path: Path, threads: int | None = None,
                 batch_size: int = 16) -> None:
        check_pooling(model_path)
        # Both libraries are small next to torch, but only this backend needs them.
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.max_tokens = max_seq_length(model_path)
        tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        # tokenizer.json ships with truncation at 128 and fixed padding; sentence-transformers
        # truncates at max_seq_length and pads to the longest text of a batch.
        tokenizer.enable_truncation(max_length=self.max_tokens)
        pad_id = tokenizer.token_to_id("[PAD]")
        tokenizer.enable_padding(pad_id=pad_id if pad_id is not None else 0, pad_token="[PAD]")
        self._tokenizer = tokenizer
        self._batch_size = batch_size  # 16 embedded the corpus chunks faster than 32 or 64

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or usable_cores()
        options.inter_op_num_threads = 1
        # Idle workers sleep instead of spinning: on a busy 2-core machine spinning threads
        # steal the core the other one needs, and a query took twice as long.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3  # errors only: a corrupt file is reported by us
        try:
            self._session = ort.InferenceSession(str(onnx_path), options,
                                                 providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own untyped errors for bad files
            raise OnnxUnavailable(f"cannot load {onnx_path}: {first_line(exc)}") from exc
        self._inputs = {i.name for i in self._session.get_inputs()}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        # Texts of similar length share a batch, so little time goes into padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(order), self._batch_size):
            rows = order[start:start + self._batch_size]
            out[rows] = self._embed_batch([texts[i] for i in rows])
        return out

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask,
                "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64)}
        hidden = self._session.run(["last_hidden_state"],
                                   {k: v for k, v in feed.items() if k in self._inputs})[0]
        return normalise(mean_pool(hidden, mask))


def usable_cores() -> int:
    """The cores this process may run on (a container may see more than it gets)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1

