"""Broken, empty, foreign or unwritable indexes: one clear line each, never a traceback,
and a failed ingest never costs the index that was already there."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest
from cli_support import one_line

from assistant import (
    Assistant,
    IndexBroken,
    IndexEmpty,
    IndexFormatMismatch,
    IndexWriteFailed,
)
from ingest.manifest import MANIFEST
from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.snapshot import IndexSnapshot
from ui.cli.main import EXIT_PARTIAL, EXIT_USAGE, main

QUESTION = "Which storage should hold training data?"


@pytest.fixture
def copied_index(built_index: Settings, tmp_path: Path) -> Settings:
    """A private copy of the built index that a test may damage."""
    target = shutil.copytree(built_index.index_dir, tmp_path / "copied-index")
    return Settings.from_env(index_dir=target, cache_dir=built_index.cache_dir)


def test_asking_an_index_of_an_empty_folder_says_it_is_empty_and_how_to_fill_it(
        tmp_path, embedder, capsys, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    settings = Settings.from_env()
    summary = ingest(empty, settings, embedder=embedder)
    assert summary.chunks_total == 0
    assistant = Assistant.open(settings=settings, embedder=embedder)
    with pytest.raises(IndexEmpty):
        assistant.ask(QUESTION)

    assert main(["ask", QUESTION]) == EXIT_PARTIAL
    line = one_line(capsys)
    assert "holds no documents" in line
    assert f"tradeoffs ingest FOLDER --index {settings.index_dir}" in line
    assert main(["status"]) == 0
    assert "the index is empty" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["ask", QUESTION], ["status"], ["ingest", "."]])
def test_an_index_location_that_is_a_file_is_a_usage_error(tmp_path, capsys, command):
    a_file = tmp_path / "index.txt"
    a_file.write_text("not an index")
    assert main([*command, "--index", str(a_file)]) == EXIT_USAGE
    line = one_line(capsys)
    assert line == (f"tradeoffs: error: the index location {a_file} is a file; point --index "
                    "(or TRADEOFFS_INDEX_DIR) at a folder")


@pytest.mark.parametrize(("version", "age"), [(1, "an older"), (99, "a newer")])
def test_an_index_of_another_format_version_asks_for_a_rebuild(copied_index, capsys, version,
                                                               age, embedder, fixture_corpus):
    path = copied_index.index_dir / MANIFEST
    raw = json.loads(path.read_text())
    raw["version"] = version
    path.write_text(json.dumps(raw))
    with pytest.raises(IndexFormatMismatch):
        Assistant.open(settings=copied_index, embedder=embedder)
    for command in (["status"], ["ask", QUESTION], ["ingest", str(fixture_corpus)]):
        assert main([*command, "--index", str(copied_index.index_dir)]) == EXIT_PARTIAL
        line = one_line(capsys)
        assert f"written by {age} version of tradeoffs (index format {version}" in line
        assert "tradeoffs ingest --rebuild" in line

    summary = ingest(fixture_corpus, copied_index, embedder=embedder, rebuild=True)
    assert summary.failed == {} and summary.chunks_embedded == summary.chunks_total
    answer = Assistant.open(settings=copied_index, embedder=embedder).ask(QUESTION)
    assert answer.citations and not answer.refused


@pytest.mark.parametrize("damage", ["chunks", "manifest", "index-id"])
def test_a_damaged_index_names_what_is_wrong_and_asks_for_a_rebuild(copied_index, embedder,
                                                                    capsys, damage):
    snapshot = IndexSnapshot.open(copied_index.index_dir)
    if damage == "chunks":
        (snapshot.manifest.generation_dir(copied_index.index_dir) / "chunks.jsonl").unlink()
    elif damage == "manifest":
        (copied_index.index_dir / MANIFEST).write_text("{ not json")
    else:
        (copied_index.index_dir / "index-id").unlink()
    with pytest.raises(IndexBroken, match="--rebuild"):
        Assistant.open(settings=copied_index, embedder=embedder)
    assert main(["ask", QUESTION, "--index", str(copied_index.index_dir)]) == EXIT_PARTIAL
    line = one_line(capsys)
    assert "is damaged" in line and "tradeoffs ingest --rebuild" in line


def _fail_fsync_for(monkeypatch: pytest.MonkeyPatch, name: str | None) -> list[str]:
    """Make the OS report a full disk when a file called `name` (any file if None) is
    flushed to disk, as a full filesystem does; returns the paths that failed."""
    real_fsync = os.fsync
    failed: list[str] = []

    def fsync(fd: int) -> None:
        path = os.readlink(f"/proc/self/fd/{fd}")
        if name is None or Path(path).name == name:
            failed.append(path)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return failed


def test_out_of_disk_while_ingesting_keeps_the_previous_index_answering(
        corpus, embedder, monkeypatch, capsys):
    settings = Settings.from_env()
    ingest(corpus, settings, embedder=embedder)
    assistant = Assistant.open(settings=settings, embedder=embedder)
    before = assistant.ask(QUESTION)
    generation = assistant.snapshot.manifest.generation

    new = corpus / "checkpoint-storage.md"
    new.write_text("# Checkpoint storage\n\nWrite zephyrine checkpoints to FSx for Lustre "
                   "scratch volumes and copy them to S3 every hour.\n")
    # The disk fills after the vectors are stored, while the new chunk records are written.
    failed = _fail_fsync_for(monkeypatch, "chunks.jsonl")
    with pytest.raises(IndexWriteFailed) as raised:
        ingest(corpus, settings, embedder=embedder)
    assert failed
    message = str(raised.value)
    assert "out of disk space" in message and "previous index is unchanged" in message

    assert assistant.ask(QUESTION).citations == before.citations
    reopened = Assistant.open(settings=settings, embedder=embedder)
    assert reopened.snapshot.manifest.generation == generation
    assert "checkpoint-storage.md" not in reopened.snapshot.manifest.files

    # The command line says the same in one line, and exits 1.
    _fail_fsync_for(monkeypatch, None)
    assert main(["ingest", str(corpus)]) == EXIT_PARTIAL
    line = one_line(capsys)
    assert "out of disk space" in line and "previous index is unchanged" in line

    # With space again, the next ingest completes and the open assistant sees it.
    monkeypatch.undo()
    monkeypatch.setenv("TRADEOFFS_INDEX_DIR", str(settings.index_dir))
    summary = ingest(corpus, settings, embedder=embedder)
    assert summary.added == ["checkpoint-storage.md"]
    answer = assistant.ask("Where do zephyrine checkpoints go?")
    assert "checkpoint-storage.md" in {c.file for c in answer.citations}
