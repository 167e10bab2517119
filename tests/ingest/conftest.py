"""Fixtures of the ingest tests: a real Chroma server (one per module), a private corpus copy
and two corpora with no file in common."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from evals import local_servers


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory, bin_dir: Path
                  ) -> Iterator[tuple[str, int]]:
    """A local Chroma server on a free port, stopped at teardown."""
    if not (bin_dir / "chroma").exists():
        pytest.skip("the chroma server binary is not installed")
    base = tmp_path_factory.mktemp("chroma-server")
    with local_servers.chroma_server(base / "data", base / "server.log", timeout=60) as (port, _):
        yield local_servers.HOST, port


@pytest.fixture
def unused_port() -> int:
    """A loopback port that nothing listens on."""
    return local_servers.free_port()


@pytest.fixture
def corpus(tmp_path: Path, fixture_corpus: Path) -> Path:
    """A private copy of the fixture corpus that a test may change."""
    return Path(shutil.copytree(fixture_corpus, tmp_path / "corpus"))


@pytest.fixture
def corpora(fixture_corpus: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two corpora with no file in common: the original's and other documents."""
    a, b = tmp_path / "docs", tmp_path / "other-docs"
    a.mkdir()
    b.mkdir()
    for name in ("accelerated-instances.md", "pod-identity.md"):
        shutil.copy(fixture_corpus / name, a / name)
    for name in ("training-storage.md", "eks-upgrade-notes.txt"):
        shutil.copy(fixture_corpus / name, b / name)
    return a, b
