"""Server mode: the vectors go to a real `chroma run` server, the manifest stays local."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.snapshot import IndexSnapshot


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory, bin_dir: Path
                  ) -> Iterator[tuple[str, int]]:
    """A local Chroma server on a free port, stopped at teardown."""
    chroma = bin_dir / "chroma"
    if not chroma.exists():
        pytest.skip("the chroma server binary is not installed")
    base = tmp_path_factory.mktemp("chroma-server")
    port = _free_port()
    log = open(base / "server.log", "wb")  # closed at teardown
    server = subprocess.Popen(
        [str(chroma), "run", "--path", str(base / "data"), "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (base / "server.log").read_text(errors="replace")
            try:
                url = f"http://127.0.0.1:{port}/api/v2/heartbeat"
                with urllib.request.urlopen(url, timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "chroma server did not answer its heartbeat"
            time.sleep(0.1)
        yield "127.0.0.1", port
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


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
    collection = client.get_collection(settings.collection)
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
