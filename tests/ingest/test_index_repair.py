"""Whatever is damaged in an index folder, readers say so in one line, a plain ingest
repairs it or says to rebuild, and `--rebuild` rebuilds from the documents."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_support import one_line

from assistant import Assistant, IndexBroken
from ingest.manifest import read_chunks
from ingest.ownership import INDEX_ID, MARKER
from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.snapshot import IndexSnapshot
from ui.cli.main import EXIT_PARTIAL, main

QUESTION = "Which storage should hold training data?"


@pytest.fixture
def index(corpus: Path, embedder) -> Settings:
    """A private index of the fixture corpus, made here so a test may damage it."""
    settings = Settings.from_env()
    ingest(corpus, settings, embedder=embedder)
    return settings


def chunks_file(settings: Settings) -> Path:
    snapshot = IndexSnapshot.open(settings.index_dir)
    return snapshot.manifest.generation_dir(settings.index_dir) / "chunks.jsonl"


def assert_reports_broken(settings: Settings, capsys, corpus: Path, embedder,
                          words: str) -> None:
    """status, ask and a plain ingest each say what is damaged and to rebuild."""
    for command in (["status"], ["ask", QUESTION], ["ingest", str(corpus)]):
        assert main([*command, "--index", str(settings.index_dir)]) == EXIT_PARTIAL, command
        line = one_line(capsys)
        assert words in line and "tradeoffs ingest --rebuild" in line, (command, line)
    with pytest.raises(IndexBroken, match=words):
        Assistant.open(settings=settings, embedder=embedder)


def assert_answers(settings: Settings, embedder) -> None:
    answer = Assistant.open(settings=settings, embedder=embedder).ask(QUESTION)
    assert answer.citations and not answer.refused
    assert any(c.file == "training-storage.md" for c in answer.citations)


def test_chunk_records_cut_mid_record_are_rebuilt(index, corpus, embedder, capsys):
    path = chunks_file(index)
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])  # cut inside a record
    with pytest.raises(IndexBroken, match="chunks.jsonl is cut"):
        read_chunks(path)
    assert_reports_broken(index, capsys, corpus, embedder, "chunks.jsonl is cut")
    summary = ingest(corpus, index, embedder=embedder, rebuild=True)
    assert summary.failed == {} and summary.chunks_embedded == summary.chunks_total > 0
    assert_answers(index, embedder)
    assert main(["status", "--index", str(index.index_dir)]) == 0


def test_a_truncated_vector_store_is_moved_aside_by_a_rebuild(index, corpus, embedder,
                                                              capsys):
    database = index.index_dir / "chroma" / "chroma.sqlite3"
    with open(database, "r+b") as fh:
        fh.truncate(database.stat().st_size // 3)
    assert_reports_broken(index, capsys, corpus, embedder, "chroma.sqlite3 is cut short")
    summary = ingest(corpus, index, embedder=embedder, rebuild=True)
    assert summary.failed == {} and summary.chunks_embedded == summary.chunks_total > 0
    assert any("moved it aside" in n for n in summary.notices), summary.notices
    aside = [p for p in index.index_dir.iterdir() if p.name.startswith("chroma.damaged-")]
    assert len(aside) == 1 and (aside[0] / "chroma.sqlite3").exists()  # kept for a look
    assert_answers(index, embedder)
    assert main(["status", "--index", str(index.index_dir)]) == 0


def test_missing_chunk_records_ask_for_a_rebuild_which_repairs(index, corpus, embedder,
                                                               capsys):
    chunks_file(index).unlink()
    assert_reports_broken(index, capsys, corpus, embedder, "lacks chunks.jsonl")
    ingest(corpus, index, embedder=embedder, rebuild=True)
    assert_answers(index, embedder)


def test_a_missing_vector_store_is_refilled_by_a_plain_ingest(index, corpus, embedder,
                                                              capsys):
    shutil.rmtree(index.index_dir / "chroma")
    assert main(["status", "--index", str(index.index_dir)]) == EXIT_PARTIAL
    assert "chroma/ is missing" in one_line(capsys)
    summary = ingest(corpus, index, embedder=embedder)
    assert any("chroma/ is missing" in n for n in summary.notices), summary.notices
    assert summary.failed == {} and len(summary.unchanged) == 4
    assert_answers(index, embedder)
    from ingest.store import ChromaStore

    stored = ChromaStore(index).ids()
    assert stored == {c.id for c in IndexSnapshot.open(index.index_dir).chunks}


def test_a_missing_index_id_is_restored_by_a_plain_ingest(index, corpus, embedder, capsys):
    (index.index_dir / INDEX_ID).unlink()
    assert main(["status", "--index", str(index.index_dir)]) == EXIT_PARTIAL
    assert "index-id file is missing" in one_line(capsys)
    summary = ingest(corpus, index, embedder=embedder)
    assert any("restored" in n for n in summary.notices), summary.notices
    assert summary.chunks_embedded == 0  # the same id, so the same collection
    assert_answers(index, embedder)


def test_an_index_of_an_earlier_version_without_its_id_asks_for_a_rebuild(
        index, corpus, embedder, capsys):
    (index.index_dir / MARKER).unlink()  # as an earlier version wrote it
    (index.index_dir / INDEX_ID).unlink()
    assert main(["ingest", str(corpus), "--index", str(index.index_dir)]) == EXIT_PARTIAL
    line = one_line(capsys)
    assert "index-id file is missing" in line and "--rebuild" in line
    ingest(corpus, index, embedder=embedder, rebuild=True)
    assert_answers(index, embedder)


def test_a_damaged_keyword_index_is_one_line(index, corpus, embedder, capsys):
    keyword = chunks_file(index).parent / "keyword"
    for path in keyword.iterdir():
        if path.is_file():
            path.write_bytes(path.read_bytes()[:7])
    assert main(["status", "--index", str(index.index_dir)]) == EXIT_PARTIAL
    assert "is damaged" in one_line(capsys)
    ingest(corpus, index, embedder=embedder, rebuild=True)
    assert_answers(index, embedder)


def test_a_store_damaged_inside_is_found_by_status_and_moved_aside_by_a_rebuild(
        index, corpus, embedder, capsys):
    database = index.index_dir / "chroma" / "chroma.sqlite3"
    with open(database, "r+b") as fh:  # the right size, wrong bytes
        fh.seek(8192)
        fh.write(b"\xff" * (database.stat().st_size - 8192))
    assert main(["status", "--index", str(index.index_dir)]) == EXIT_PARTIAL
    line = one_line(capsys)
    assert "chroma.sqlite3 is damaged" in line and "--rebuild" in line
    summary = ingest(corpus, index, embedder=embedder, rebuild=True)
    assert any("moved it aside" in n for n in summary.notices), summary.notices
    assert main(["status", "--index", str(index.index_dir)]) == 0
    assert_answers(index, embedder)
