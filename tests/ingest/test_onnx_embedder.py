"""The ONNX Runtime backend: same vectors and same retrieval as sentence-transformers,
and a plain fallback to sentence-transformers when the export is missing or broken."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant
from ingest.embedding import load_embedder, model_dir
from ingest.embedding.export import SAMPLE_TEXTS, cosines
from ingest.embedding.onnx import (
    ExportRecord,
    OnnxEmbedder,
    OnnxUnavailable,
    export_location,
    mean_pool,
    model_digest,
    normalise,
)
from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.snapshot import IndexSnapshot

QUESTIONS = [
    "How many GPUs does a p5.48xlarge have?",
    "How do pods get AWS credentials?",
    "S3 or FSx for Lustre for training data?",
    "What should I check before upgrading the cluster?",
    "IRSA vs EKS Pod Identity on Fargate",
]


@pytest.fixture(scope="session")
def onnx_embedder(onnx_cache: Path) -> OnnxEmbedder:
    return OnnxEmbedder(model_dir(), export_location(onnx_cache, model_dir()).model)


@pytest.fixture(scope="session")
def fixture_texts(built_index: Settings) -> list[str]:
    """Every chunk text of the fixture corpus, as ingest embeds them, plus the check sample."""
    chunks = IndexSnapshot.open(built_index.index_dir).chunks
    return [c.embed_text for c in chunks] + list(SAMPLE_TEXTS)


def test_onnx_vectors_match_sentence_transformers_row_by_row(onnx_embedder, embedder,
                                                             fixture_texts):
    ours = onnx_embedder.embed(fixture_texts)
    reference = embedder.embed(fixture_texts)
    assert ours.shape == reference.shape == (len(fixture_texts), 384)
    assert ours.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert cosines(ours, reference).min() >= 0.9999


def test_a_query_embedded_alone_matches_the_same_text_in_a_padded_batch(onnx_embedder):
    batch = onnx_embedder.embed(QUESTIONS)
    alone = np.vstack([onnx_embedder.embed([q]) for q in QUESTIONS])
    assert cosines(batch, alone).min() >= 0.99999


def test_text_past_256_word_pieces_is_cut_there_as_sentence_transformers_does(
        onnx_embedder, embedder):
    long_text = " ".join(["Karpenter consolidates underused GPU nodes."] * 80)
    assert onnx_embedder.max_tokens == embedder.max_tokens == 256
    extended = long_text + " An ending about FSx for Lustre that the model never reads."
    vectors = onnx_embedder.embed([long_text, extended])
    assert cosines(vectors[:1], vectors[1:])[0] >= 0.99999
    assert cosines(vectors, embedder.embed([long_text, extended])).min() >= 0.9999


def test_no_texts_give_an_empty_matrix(onnx_embedder):
    assert onnx_embedder.embed([]).shape == (0, 384)


def test_mean_pooling_ignores_padding_and_rows_come_out_unit_length():
    hidden = np.array([[[1.0, 0.0], [3.0, 4.0], [100.0, 100.0]]], dtype=np.float32)
    mask = np.array([[1, 1, 0]])
    pooled = mean_pool(hidden, mask)
    np.testing.assert_allclose(pooled, [[2.0, 2.0]])
    np.testing.assert_allclose(normalise(pooled), [[2 ** -0.5, 2 ** -0.5]], rtol=1e-6)
    assert not normalise(np.zeros((1, 2), dtype=np.float32)).any()  # no division by zero


def test_retrieval_is_identical_whichever_backend_embeds_the_query(built_index, embedder,
                                                                   onnx_embedder):
    by_torch = Assistant.open(settings=built_index, embedder=embedder)
    by_onnx = Assistant.open(settings=built_index, embedder=onnx_embedder)
    for question in QUESTIONS:
        assert_same_passages(by_onnx.retrieve(question, k=5), by_torch.retrieve(question, k=5))


def test_an_index_built_with_onnx_answers_sentence_transformers_queries_the_same(
        tmp_path, fixture_corpus, built_index, embedder, onnx_cache, caplog, monkeypatch):
    monkeypatch.setenv("TRADEOFFS_CACHE_DIR", str(tmp_path / "environment-cache"))
    settings = Settings.from_env(environ={}, index_dir=tmp_path / "onnx-index",
                                 cache_dir=onnx_cache, embedder="onnx")
    with caplog.at_level(logging.WARNING, logger="tradeoffs"):
        summary = ingest(fixture_corpus, settings)  # the pipeline loads the backend itself
    assert not caplog.records  # no fallback to sentence-transformers
    assert not summary.failed and summary.chunks_embedded == summary.chunks_total > 0
    # It used the export in settings.cache_dir, not a new one in the environment's.
    assert export_location(tmp_path / "environment-cache", model_dir()).find() is None
    onnx_built = Assistant.open(settings=settings, embedder=embedder)
    torch_built = Assistant.open(settings=built_index, embedder=embedder)
    for question in QUESTIONS:
        assert_same_passages(onnx_built.retrieve(question, k=5),
                             torch_built.retrieve(question, k=5))


def assert_same_passages(ours, reference) -> None:
    assert [(p.file, p.section_path, p.start, p.end, p.text) for p in ours] == \
        [(p.file, p.section_path, p.start, p.end, p.text) for p in reference]
    np.testing.assert_allclose([p.score for p in ours], [p.score for p in reference],
                               atol=1e-3)


def test_auto_uses_onnx_for_queries_and_the_measured_faster_backend_for_ingest(
        tmp_path, onnx_cache):
    exported = export_location(onnx_cache, model_dir())
    record = exported.find()
    assert record is not None and record.min_cosine >= 0.9999
    # Same model file, a record that says sentence-transformers embeds batches faster.
    cache = tmp_path / "cache"
    location = export_location(cache, model_dir())
    location.directory.mkdir(parents=True)
    os.symlink(exported.model, location.model)
    replace(record, texts_per_second={"onnx": 50.0, "sentence-transformers": 80.0}
            ).save(location.record)
    auto = Settings(embedder="auto", cache_dir=cache)
    assert load_embedder(auto, "query").backend == "onnx"
    assert load_embedder(auto, "ingest").backend == "sentence-transformers"
    replace(record, texts_per_second={"onnx": 80.0, "sentence-transformers": 50.0}
            ).save(location.record)
    assert load_embedder(auto, "ingest").backend == "onnx"
    forced = Settings(embedder="sentence-transformers", cache_dir=cache)
    assert load_embedder(forced, "query").backend == "sentence-transformers"


def test_auto_without_an_export_uses_sentence_transformers_without_exporting(tmp_path):
    chosen = load_embedder(Settings(embedder="auto", cache_dir=tmp_path / "cache"), "query")
    assert chosen.backend == "sentence-transformers"
    assert export_location(tmp_path / "cache", model_dir()).find() is None


def test_unknown_embedder_is_a_usage_error_that_lists_the_choices(tmp_path):
    from ingest.errors import UsageError

    with pytest.raises(UsageError, match="auto, onnx, sentence-transformers"):
        load_embedder(Settings(embedder="tensorflow", cache_dir=tmp_path), "query")


def one_notice(caplog: pytest.LogCaptureFixture) -> str:
    notices = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(notices) == 1, notices
    assert "\n" not in notices[0]
    return notices[0]


def test_when_the_export_cannot_be_made_sentence_transformers_takes_over_with_a_notice(
        tmp_path, caplog, embedder):
    not_a_dir = tmp_path / "cache"
    not_a_dir.write_text("a file where the cache directory should be")
    with caplog.at_level(logging.WARNING, logger="tradeoffs"):
        fallback = load_embedder(Settings(embedder="onnx", cache_dir=not_a_dir), "query")
    assert fallback.backend == "sentence-transformers"
    assert "using sentence-transformers" in one_notice(caplog)
    np.testing.assert_allclose(fallback.embed(QUESTIONS), embedder.embed(QUESTIONS), atol=1e-5)


def test_a_corrupt_export_gives_a_notice_sentence_transformers_and_is_removed(
        tmp_path, caplog, embedder, onnx_cache):
    record = export_location(onnx_cache, model_dir()).find()
    assert record is not None
    cache = tmp_path / "cache"
    location = export_location(cache, model_dir())
    location.directory.mkdir(parents=True)
    location.model.write_bytes(b"\x08\x07garbage, not an ONNX protobuf" * 100)
    record.save(location.record)
    with caplog.at_level(logging.WARNING, logger="tradeoffs"):
        fallback = load_embedder(Settings(embedder="auto", cache_dir=cache), "query")
    assert fallback.backend == "sentence-transformers"
    notice = one_notice(caplog)
    assert str(location.model) in notice and "python -m ingest.embedding.export" in notice
    np.testing.assert_allclose(fallback.embed(QUESTIONS), embedder.embed(QUESTIONS), atol=1e-5)
    assert location.find() is None  # so the next export makes it again


def test_a_model_that_pools_otherwise_is_refused(tmp_path, onnx_cache):
    other = Path(shutil.copytree(model_dir(), tmp_path / "model",
                                 ignore=shutil.ignore_patterns("*.safetensors")))
    config = other / "1_Pooling" / "config.json"
    pooling = json.loads(config.read_text())
    config.write_text(json.dumps({**pooling, "pooling_mode_mean_tokens": False,
                                  "pooling_mode_cls_token": True}))
    with pytest.raises(OnnxUnavailable, match="mean pooling"):
        OnnxEmbedder(other, export_location(onnx_cache, model_dir()).model)


def test_the_model_hash_is_remembered_until_the_weights_change(tmp_path):
    model = tmp_path / "model"
    model.mkdir()
    weights = model / "model.safetensors"
    weights.write_bytes(b"first weights")
    cache = tmp_path / "cache"
    first = model_digest(model, cache)
    assert first == hashlib.sha256(b"first weights").hexdigest()[:16]
    memo_file = cache / "onnx" / "digests.json"
    memo = json.loads(memo_file.read_text())
    # The remembered value is what a restart uses, without reading the weights again.
    memo_file.write_text(json.dumps({key: "remembered" for key in memo}))
    assert model_digest(model, cache) == "remembered"
    weights.write_bytes(b"other weights!")
    os.utime(weights, ns=(1, 1))
    assert model_digest(model, cache) == hashlib.sha256(b"other weights!").hexdigest()[:16]


def test_an_export_record_round_trips_and_names_the_faster_backend(tmp_path):
    record = ExportRecord("abc", 0.99999, {"onnx": 75.0, "sentence-transformers": 70.0}, 12.0)
    record.save(tmp_path / "export.json")
    assert ExportRecord.load(tmp_path / "export.json") == record
    assert record.faster_backend() == "onnx"
    # A gap inside the measurement noise keeps ONNX, which also starts seconds sooner.
    assert replace(record, texts_per_second={"onnx": 70.0, "sentence-transformers": 75.0}
                   ).faster_backend() == "onnx"
    assert replace(record, texts_per_second={"onnx": 50.0, "sentence-transformers": 75.0}
                   ).faster_backend() == "sentence-transformers"
    (tmp_path / "broken.json").write_text("{not json")
    assert ExportRecord.load(tmp_path / "broken.json") is None
