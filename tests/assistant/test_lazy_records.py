"""A large index reads its chunk records on demand and scores keywords from memory-mapped
arrays; on the same index that gives exactly the answers of holding everything in memory."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from assistant import Assistant
from ingest.chunk_table import ChunkTable
from ingest.settings import Settings
from ingest.snapshot import IndexSnapshot
from ingest.store import ChromaStore

QUESTIONS = (
    "S3 or FSx for Lustre for training data?",
    "What throughput does the FSx for Lustre storage class set?",
    "How should pods get AWS permissions?",
    "IRSA or Pod Identity for Fargate pods?",
    "Which storage should hold training data and checkpoints for pods on EKS?",
    "What does a p5.48xlarge carry?",
    "How do we configure Amazon Managed Service for Prometheus?",  # names not in the docs
    "Should we use LeaderWorkerSet for multi-node inference?",
    "What changed in the EKS upgrade notes?",
)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory, built_index: Settings,
         embedder) -> tuple[Assistant, Assistant]:
    """The fixture index opened both ways (a copy, so the lazy reader's column cache is
    written beside that copy's records only)."""
    copy = Path(shutil.copytree(built_index.index_dir,
                                tmp_path_factory.mktemp("lazy") / "index"))
    settings = replace(built_index, index_dir=copy)
    eager = Assistant.open(settings=settings, embedder=embedder)
    lazy = Assistant(settings, IndexSnapshot.open(copy, lazy=True), ChromaStore(settings),
                     embedder)
    return eager, lazy


def _without_timings(answer) -> dict:
    data = answer.to_dict()
    data.pop("timings_ms")
    return data


def test_the_lazy_reader_holds_the_same_records_and_term_statistics(both) -> None:
    eager, lazy = both
    assert isinstance(lazy.snapshot.chunks, ChunkTable)
    assert not isinstance(eager.snapshot.chunks, ChunkTable)
    assert list(lazy.snapshot.chunks) == list(eager.snapshot.chunks)
    assert lazy.snapshot.chunks[-1] == eager.snapshot.chunks[-1]
    assert lazy.vocabulary == eager.vocabulary
    for phrase in ("pod identity", "FSx for Lustre", "Amazon Managed Service", "EKS Pod",
                   "Lustre FSx"):
        assert lazy.knows(phrase) == eager.knows(phrase), phrase


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_lazy_index_answers_exactly_as_an_eager_one(both, question: str) -> None:
    eager, lazy = both
    assert _without_timings(lazy.ask(question)) == _without_timings(eager.ask(question))


def test_filters_by_chapter_and_decision_part_select_the_same_passages(both) -> None:
    eager, lazy = both
    for kwargs in ({"chapters": ["pod-identity.md"]}, {"parts": ["Trade-offs"]},
                   {"chapters": ["training-storage.md"], "parts": ["Recommendations"]}):
        assert (lazy.retrieve("Which option should we choose?", k=4, **kwargs)
                == eager.retrieve("Which option should we choose?", k=4, **kwargs)), kwargs
