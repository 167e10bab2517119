"""A copied or moved index folder gets its own collection on its first ingest, so it can
never delete the original's vectors on a shared Chroma server; and an index whose store
lost its vectors says so instead of calling every question not covered."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from assistant import Assistant, IndexBroken
from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.snapshot import IndexSnapshot
from ingest.store import ChromaStore, collection_name

TRAINING = "Which instances suit model training?"
STORAGE = "Where should training data be stored?"


def _client(host: str, port: int):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    return chromadb.HttpClient(host=host, port=port,
                               settings=ChromaSettings(anonymized_telemetry=False))


@pytest.fixture
def p1(chroma_server, corpora, tmp_path, embedder) -> Settings:
    host, port = chroma_server
    settings = Settings.from_env(index_dir=tmp_path / "p1" / "idx", chroma_host=host,
                                 chroma_port=port)
    ingest(corpora[0], settings, embedder=embedder)
    return settings


def stored_ids(settings: Settings) -> set[str]:
    host, port = settings.chroma_host, settings.chroma_port
    collection = _client(str(host), port).get_collection(collection_name(settings))
    return set(collection.get(include=[])["ids"])


def copy_index(settings: Settings, to: Path) -> Settings:
    to.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-a", str(settings.index_dir), str(to)], check=True)
    return Settings.from_env(index_dir=to, chroma_host=settings.chroma_host,
                             chroma_port=settings.chroma_port)


def answered_files(settings: Settings, embedder, question: str) -> set[str]:
    answer = Assistant.open(settings=settings, embedder=embedder).ask(question)
    assert not answer.refused, answer.text
    return {c.file for c in answer.citations}


def test_ingesting_other_documents_into_a_copy_leaves_the_original_whole(
        p1, corpora, tmp_path, embedder):
    before = stored_ids(p1)
    p3 = copy_index(p1, tmp_path / "p3" / "idx")
    summary = ingest(corpora[1], p3, embedder=embedder)
    (note,) = [n for n in summary.notices if "copied or moved" in n]
    assert str(p1.index_dir) in note and "untouched" in note
    assert collection_name(p3) != collection_name(p1)
    assert stored_ids(p1) == before == {c.id for c in IndexSnapshot.open(p1.index_dir).chunks}
    assert answered_files(p1, embedder, TRAINING) == {"accelerated-instances.md"}
    assert answered_files(p3, embedder, STORAGE) == {"training-storage.md"}
    assert stored_ids(p3) == {c.id for c in IndexSnapshot.open(p3.index_dir).chunks}


def test_a_copy_of_the_same_documents_copies_its_vectors_instead_of_embedding(
        p1, corpora, tmp_path, embedder):
    before = stored_ids(p1)
    p3 = copy_index(p1, tmp_path / "p3" / "idx")
    summary = ingest(corpora[0], p3, embedder=embedder)
    assert summary.chunks_embedded == 0 and len(summary.unchanged) == 2
    assert stored_ids(p3) == before
    # The copy's own ingests then touch only its own collection.
    (corpora[0] / "pod-identity.md").unlink()
    ingest(corpora[0], p3, embedder=embedder)
    assert stored_ids(p1) == before
    assert answered_files(p1, embedder, "How do pods get AWS permissions?") == {
        "pod-identity.md"}


def test_a_moved_index_gets_its_own_collection_too(p1, corpora, tmp_path, embedder):
    before = stored_ids(p1)
    moved = tmp_path / "moved"
    p1.index_dir.rename(moved)
    settings = Settings.from_env(index_dir=moved, chroma_host=p1.chroma_host,
                                 chroma_port=p1.chroma_port)
    summary = ingest(corpora[0], settings, embedder=embedder)
    assert any("copied or moved" in n for n in summary.notices)
    assert summary.chunks_embedded == 0
    assert stored_ids(settings) == before
    assert answered_files(settings, embedder, TRAINING) == {"accelerated-instances.md"}


def test_a_store_that_lost_vectors_raises_index_broken_and_an_ingest_restores_them(
        p1, corpora, embedder, tradeoffs, monkeypatch):
    monkeypatch.setenv("TRADEOFFS_CHROMA_HOST", str(p1.chroma_host))
    monkeypatch.setenv("TRADEOFFS_CHROMA_PORT", str(p1.chroma_port))
    collection = _client(str(p1.chroma_host), p1.chroma_port).get_collection(
        collection_name(p1))
    ids = sorted(stored_ids(p1))
    collection.delete(ids=ids)  # as the old copy's ingest did to its original
    with pytest.raises(IndexBroken, match="lacks vectors"):
        Assistant.open(settings=p1, embedder=embedder)
    for command in (["ask", TRAINING], ["status"]):
        result = tradeoffs(*command, "--index", str(p1.index_dir))
        assert result.returncode == 1, result.stdout
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and "lacks vectors" in lines[0], result.stderr[-2000:]
        assert "don't cover" not in result.stdout

    summary = ingest(corpora[0], p1, embedder=embedder)  # a plain ingest, nothing changed
    assert any("lacked the vectors" in n for n in summary.notices), summary.notices
    assert summary.chunks_embedded == 0  # restored from the generation's cached vectors
    assert stored_ids(p1) == set(ids)
    assert answered_files(p1, embedder, TRAINING) == {"accelerated-instances.md"}


def test_an_embedded_copy_keeps_only_its_own_collection(built_index, fixture_corpus,
                                                        tmp_path, embedder):
    copy = Path(shutil.copytree(built_index.index_dir, tmp_path / "copy"))
    settings = Settings.from_env(index_dir=copy, cache_dir=built_index.cache_dir)
    summary = ingest(fixture_corpus, settings, embedder=embedder)
    assert any("copied or moved" in n for n in summary.notices)
    assert summary.chunks_embedded == 0
    store = ChromaStore(settings)
    assert store.ids() == {c.id for c in IndexSnapshot.open(copy).chunks}
    names = {getattr(c, "name", c) for c in store._client.list_collections()}
    assert names == {collection_name(settings)}
    assert collection_name(settings) != collection_name(built_index)
