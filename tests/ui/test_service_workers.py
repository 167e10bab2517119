"""`tradeoffs serve --workers 2`: two processes answer over one index, and each follows
a re-ingest without a restart."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from service_support import START_TIMEOUT, Served, serving

from ingest.pipeline import ingest
from ingest.settings import Settings

WORD = "zorblatite"
MARKER = f"What is the {WORD} checkpoint format?"
NEW_SECTION = (f"\n\n## The {WORD} checkpoint format\n\nTeams store model checkpoints in the "
               f"{WORD} format, which keeps each shard beside its optimizer state so that a "
               f"failed training job restarts from {WORD} files in minutes.\n")
ROUNDS = 60  # bounded: each round is a new connection, which either worker may accept


@pytest.fixture(scope="module")
def own_index(tmp_path_factory: pytest.TempPathFactory, fixture_corpus: Path, embedder,
              built_index: Settings) -> tuple[Path, Settings]:
    base = tmp_path_factory.mktemp("workers")
    corpus = Path(shutil.copytree(fixture_corpus, base / "corpus"))
    settings = Settings.from_env(environ={}, index_dir=base / "index",
                                 cache_dir=built_index.cache_dir)
    ingest(corpus, settings, embedder=embedder)
    return corpus, settings


@pytest.fixture(scope="module")
def two_workers(own_index, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    log = tmp_path_factory.mktemp("serve-workers") / "serve.log"
    with serving(own_index[1], log, "--workers", "2") as server:
        # /healthz answers once one worker is up; wait until the other has loaded too.
        seen: set[int] = set()
        deadline = time.monotonic() + START_TIMEOUT
        while len(seen) < 2 and time.monotonic() < deadline:
            seen.add(httpx.get(f"{server.url}/healthz", timeout=30).json()["pid"])
            time.sleep(0.05)
        yield server


def _round(url: str, question: str) -> tuple[int, dict]:
    """On one new connection: which worker it reached, and that worker's answer."""
    with httpx.Client(base_url=url, timeout=120) as client:
        pid = client.get("/healthz").json()["pid"]
        response = client.post("/v1/ask", json={"question": question})
        assert response.status_code == 200, response.text
        return pid, response.json()


def _rounds(url: str, question: str) -> list[tuple[int, dict]]:
    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(lambda _: _round(url, question), range(ROUNDS)))


def _uses_new_section(answer: dict) -> bool:
    return not answer["refused"] and any(WORD in p["text"] for p in answer["passages"])


def test_two_workers_answer_with_citations(two_workers: Served):
    rounds = _rounds(two_workers.url, "Should we use S3 or FSx for Lustre for training data?")
    assert len({pid for pid, _ in rounds}) == 2
    assert all(answer["citations"] for _, answer in rounds)


def test_every_worker_answers_from_the_new_index_once_an_ingest_commits(two_workers: Served,
                                                                        own_index, embedder):
    corpus, settings = own_index
    before = _rounds(two_workers.url, MARKER)
    assert not any(_uses_new_section(answer) for _, answer in before)
    with open(corpus / "training-storage.md", "a", encoding="utf-8") as fh:
        fh.write(NEW_SECTION)
    assert ingest(corpus, settings, embedder=embedder).changed
    after = _rounds(two_workers.url, MARKER)
    assert len({pid for pid, _ in after}) == 2
    assert all(_uses_new_section(answer) for _, answer in after)
    assert "Traceback" not in two_workers.output()
