"""Server mode: the vectors go to a real `chroma run` server, the manifest stays local.

Several indexes share one server: each keeps its own collection, and an ingest deletes
only the vectors it wrote.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assistant import Assistant
from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.snapshot import IndexSnapshot
from ingest.store import collection_name


def test_ingest_into_a_chroma_server(chroma_server, monkeypatch, fixture_corpus, tmp_path,
                                     embedder):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    host, port = chroma_server
    monkeypatch.setenv("TRADEOFFS_CHROMA_HOST", host)
    monkeypatch.setenv("TRADEOFFS_CHROMA_PORT", str(port))
    settings = Settings.from_env()
    assert (settings.chroma_host, settings.chroma_port) == (host, port)
    corpus = Path(shutil.copytree(fixture_corpus, tmp_path / "corpus"))

    first = ingest(corpus, settings, embedder=embedder)
    assert first.failed == {}
    assert first.chunks_embedded == first.chunks_total > 0
    assert first.index == f"chroma server {host}:{port}"
    assert not (settings.index_dir / "chroma").exists()  # no vectors written locally

    client = chromadb.HttpClient(host=host, port=port,
                                 settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_collection(collection_name(settings))
    snapshot = IndexSnapshot.open(settings.index_dir)
    assert collection.count() == first.chunks_total == len(snapshot.chunks)
    assert set(collection.get(include=[])["ids"]) == {c.id for c in snapshot.chunks}

    second = ingest(corpus, settings, embedder=embedder)
    assert second.chunks_embedded == 0
    assert second.index == first.index

    (corpus / "eks-upgrade-notes.txt").unlink()
    third = ingest(corpus, settings, embedder=embedder)
    assert third.removed == ["eks-upgrade-notes.txt"] and third.chunks_embedded == 0
    snapshot = IndexSnapshot.open(settings.index_dir)
    assert collection.count() == third.chunks_total == len(snapshot.chunks)
    assert set(collection.get(include=[])["ids"]) == {c.id for c in snapshot.chunks}


def _client(host: str, port: int):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    return chromadb.HttpClient(host=host, port=port,
                               settings=ChromaSettings(anonymized_telemetry=False))


def _assert_complete(settings: Settings, host: str, port: int) -> None:
    """The server holds exactly the vectors of the index's committed chunks."""
    collection = _client(host, port).get_collection(collection_name(settings))
    snapshot = IndexSnapshot.open(settings.index_dir)
    assert set(collection.get(include=[])["ids"]) == {c.id for c in snapshot.chunks}


def _asked_files(settings: Settings, embedder) -> set[str]:
    """The files cited or used by answers to questions about either corpus."""
    assistant = Assistant.open(settings=settings, embedder=embedder)
    files: set[str] = set()
    for question in ("Which instances suit model training?",
                     "How do pods get AWS permissions?",
                     "Where should training data be stored?",
                     "What do the EKS upgrade notes say?"):
        answer = assistant.ask(question, k=4)
        files |= {p.file for p in answer.passages} | {c.file for c in answer.citations}
    return files


@pytest.fixture
def two_indexes(chroma_server, corpora, tmp_path):
    host, port = chroma_server
    corpus_a, corpus_b = corpora
    settings_a = Settings.from_env(index_dir=tmp_path / "index-a", chroma_host=host,
                                   chroma_port=port)
    settings_b = Settings.from_env(index_dir=tmp_path / "index-b", chroma_host=host,
                                   chroma_port=port)
    return (corpus_a, settings_a), (corpus_b, settings_b)


def test_two_indexes_on_one_server_ingested_in_turn_keep_their_own_documents(
        chroma_server, two_indexes, embedder):
    host, port = chroma_server
    (corpus_a, settings_a), (corpus_b, settings_b) = two_indexes
    ingest(corpus_a, settings_a, embedder=embedder)
    ingest(corpus_b, settings_b, embedder=embedder)
    # A change in one corpus re-ingests it; the other index must not lose a vector.
    with open(corpus_a / "pod-identity.md", "a", encoding="utf-8") as fh:
        fh.write("\n\n## Rotating credentials\n\nRotate pod credentials every hour.\n")
    changed = ingest(corpus_a, settings_a, embedder=embedder)
    assert changed.changed == ["pod-identity.md"]
    ingest(corpus_b, settings_b, embedder=embedder)

    assert collection_name(settings_a) != collection_name(settings_b)
    _assert_complete(settings_a, host, port)
    _assert_complete(settings_b, host, port)
    assert _asked_files(settings_a, embedder) <= {"accelerated-instances.md", "pod-identity.md"}
    assert _asked_files(settings_b, embedder) <= {"training-storage.md",
                                                  "eks-upgrade-notes.txt"}


def test_two_indexes_ingested_at_once_both_stay_complete(chroma_server, two_indexes, embedder):
    host, port = chroma_server
    (corpus_a, settings_a), (corpus_b, settings_b) = two_indexes
    with ThreadPoolExecutor(2) as pool:
        runs = [pool.submit(ingest, corpus, settings, embedder=embedder)
                for corpus, settings in two_indexes]
        summaries = [run.result(timeout=600) for run in runs]
    assert all(s.failed == {} and s.chunks_total > 0 for s in summaries)
    # And again, each after changing its corpus, still at the same time.
    (corpus_a / "accelerated-instances.md").unlink()
    (corpus_b / "eks-upgrade-notes.txt").unlink()
    with ThreadPoolExecutor(2) as pool:
        runs = [pool.submit(ingest, corpus, settings, embedder=embedder)
                for corpus, settings in two_indexes]
        summaries = [run.result(timeout=600) for run in runs]
    assert [s.removed for s in summaries] == [["accelerated-instances.md"],
                                               ["eks-upgrade-notes.txt"]]
    _assert_complete(settings_a, host, port)
    _assert_complete(settings_b, host, port)
    assert _asked_files(settings_a, embedder) == {"pod-identity.md"}
    assert _asked_files(settings_b, embedder) == {"training-storage.md"}


def test_an_ingest_deletes_only_vectors_it_wrote(chroma_server, two_indexes, embedder):
    host, port = chroma_server
    (corpus_a, settings_a), _ = two_indexes
    ingest(corpus_a, settings_a, embedder=embedder)
    # Someone else's vector in this index's collection (a copy of the index folder
    # shares it, for one): not ours to delete.
    collection = _client(host, port).get_collection(collection_name(settings_a))
    collection.upsert(ids=["someone-elses"], embeddings=[[0.1] * 384],
                      metadatas=[{"file": "elsewhere.md"}])
    (corpus_a / "pod-identity.md").unlink()
    summary = ingest(corpus_a, settings_a, embedder=embedder)
    assert summary.removed == ["pod-identity.md"]
    ids = set(collection.get(include=[])["ids"])
    assert "someone-elses" in ids
    assert ids - {"someone-elses"} == {c.id for c in IndexSnapshot.open(settings_a.index_dir)
                                       .chunks}


def test_a_server_that_is_down_is_named_with_how_to_start_one(chroma_server, two_indexes,
                                                             embedder, tradeoffs, monkeypatch,
                                                             unused_port):
    (corpus_a, settings_a), _ = two_indexes
    ingest(corpus_a, settings_a, embedder=embedder)
    closed = unused_port  # nothing listens there
    monkeypatch.setenv("TRADEOFFS_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("TRADEOFFS_CHROMA_PORT", str(closed))
    # An unchanged corpus needs no store at all, so give the ingest something to write.
    with open(corpus_a / "pod-identity.md", "a", encoding="utf-8") as fh:
        fh.write("\n\nOne more paragraph about pod identity associations.\n")
    for args in (["ask", "Which instances suit model training?"], ["ingest", str(corpus_a)]):
        result = tradeoffs(*args, "--index", str(settings_a.index_dir))
        assert result.returncode == 1, result.stderr[-2000:]
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
        assert f"127.0.0.1:{closed}" in lines[0]
        assert f"chroma run --path DIR --host 127.0.0.1 --port {closed}" in lines[0]


def test_a_server_without_this_index_says_to_rebuild(chroma_server, two_indexes, embedder):
    from ingest.errors import IndexBroken

    host, port = chroma_server
    (corpus_a, settings_a), _ = two_indexes
    ingest(corpus_a, settings_a, embedder=embedder)
    _client(host, port).delete_collection(collection_name(settings_a))  # e.g. a new server
    with pytest.raises(IndexBroken, match="--rebuild"):
        Assistant.open(settings=settings_a, embedder=embedder)
    ingest(corpus_a, settings_a, embedder=embedder, rebuild=True)
    _assert_complete(settings_a, host, port)
