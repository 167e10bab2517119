"""`tradeoffs serve` refuses what it should before it listens, and an empty index is a
409 rather than a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from assistant import Assistant
from ingest.pipeline import ingest
from ingest.settings import Settings
from ui.service.app import create_app


def test_without_a_token_it_will_not_listen_beyond_this_machine(tradeoffs, built_index):
    result = tradeoffs("serve", "--index", str(built_index.index_dir), "--host", "0.0.0.0")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "TRADEOFFS_API_TOKEN" in lines[0] and "127.0.0.1" in lines[0]


def test_a_missing_index_is_one_line(tradeoffs, tmp_path: Path):
    for workers in ("1", "2"):
        result = tradeoffs("serve", "--index", str(tmp_path / "none"), "--workers", workers)
        assert result.returncode == 1
        assert len(result.stderr.strip().splitlines()) == 1
        assert "tradeoffs ingest" in result.stderr


def test_a_chroma_server_that_is_down_is_one_line(tradeoffs, built_index, monkeypatch):
    from evals.local_servers import free_port

    monkeypatch.setenv("TRADEOFFS_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("TRADEOFFS_CHROMA_PORT", str(free_port()))  # nothing listens there
    for workers in ("1", "2"):
        result = tradeoffs("serve", "--index", str(built_index.index_dir), "--workers", workers)
        assert result.returncode == 1
        assert len(result.stderr.strip().splitlines()) == 1
        assert "chroma run" in result.stderr


def test_a_port_in_use_is_one_line(tradeoffs, built_index, tmp_path: Path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = tradeoffs("serve", "--index", str(built_index.index_dir), "--port", str(port))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and str(port) in result.stderr


@pytest.fixture
def empty_index(tmp_path: Path, embedder) -> Settings:
    folder = tmp_path / "nothing-readable"
    folder.mkdir()
    settings = Settings.from_env(index_dir=tmp_path / "empty-index")
    ingest(folder, settings, embedder=embedder)
    return settings


def test_an_empty_index_is_a_409_with_the_command_that_fills_it(empty_index, embedder):
    assistant = Assistant.open(settings=empty_index, embedder=embedder)
    with TestClient(create_app(empty_index, assistant)) as client:
        for path, body in (("/v1/ask", {"question": "EFS or S3?"}),
                           ("/v1/search", {"query": "EFS"}),
                           ("/v1/chat/completions",
                            {"model": "tradeoffs", "stream": True,
                             "messages": [{"role": "user", "content": "EFS or S3?"}]})):
            response = client.post(path, json=body)
            assert response.status_code == 409, response.text
            assert "tradeoffs ingest" in response.json()["error"]["message"]
