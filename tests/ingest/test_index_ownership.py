"""An ingest writes only into a folder that is its own, and removes only what it wrote.

A folder of the user's (even one named like a generation, `gen-2024`) given as the
index is refused with one line and left exactly as it was; an index inside the corpus
is not read as documents; cleanup removes only the generation folders the index
recorded, and generation numbers come from those records alone.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from cli_support import one_line

from ingest.errors import NotAnIndexFolder
from ingest.ownership import MARKER
from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.snapshot import IndexSnapshot
from ui.cli.main import EXIT_USAGE, main


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under `folder` with its bytes (None for a folder)."""
    return {p.relative_to(folder).as_posix(): (None if p.is_dir() else p.read_bytes())
            for p in sorted(folder.rglob("*"))}


@pytest.fixture
def users_folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "gen-ai-notes").mkdir(parents=True)
    (docs / "gen-2024").mkdir()
    (docs / "gen-ai-notes" / "notes.md").write_text("precious\n")
    (docs / "gen-2024" / "plan.txt").write_text("also precious\n")
    return docs


def test_an_index_pointed_at_a_users_folder_is_refused_and_the_folder_left_as_it_was(
        users_folder, corpus, capsys):
    before = tree(users_folder)
    assert main(["ingest", str(corpus), "--index", str(users_folder)]) == EXIT_USAGE
    line = one_line(capsys)
    assert f"{users_folder} is not a tradeoffs index" in line
    assert "--index" in line and "empty" in line
    assert tree(users_folder) == before  # not even a lock file was written


def test_the_corpus_folder_as_the_index_loses_nothing(corpus, capsys, monkeypatch):
    before = tree(corpus)
    assert main(["ingest", str(corpus), "--index", str(corpus)]) == EXIT_USAGE
    assert "is not a tradeoffs index" in one_line(capsys)
    monkeypatch.chdir(corpus)
    monkeypatch.setenv("TRADEOFFS_INDEX_DIR", ".")
    assert main(["ingest", "."]) == EXIT_USAGE
    assert "is not a tradeoffs index" in one_line(capsys)
    assert tree(corpus) == before


def test_the_api_raises_the_same_error(users_folder, corpus, embedder):
    settings = Settings.from_env(index_dir=users_folder)
    with pytest.raises(NotAnIndexFolder):
        ingest(corpus, settings, embedder=embedder)


def test_an_empty_folder_becomes_an_index_with_its_marker(tmp_path, corpus, embedder):
    empty = tmp_path / "new-index"
    empty.mkdir()
    summary = ingest(corpus, Settings.from_env(index_dir=empty), embedder=embedder)
    assert summary.failed == {} and summary.chunks_total > 0
    assert (empty / MARKER).is_file()


def test_a_folder_holding_only_the_feedback_file_becomes_an_index(tmp_path, corpus, embedder):
    from ui.present.feedback import FeedbackRecord, FeedbackStore

    # Feedback kept while the index itself was deleted, to be built again.
    index = tmp_path / "fresh"
    FeedbackStore(index / "feedback.sqlite3").add(FeedbackRecord("q", "a", "[]", "extractive",
                                                                 "up"))
    assert (index / "feedback.sqlite3").exists()
    summary = ingest(corpus, Settings.from_env(index_dir=index), embedder=embedder)
    assert summary.failed == {} and summary.chunks_total > 0


def test_an_index_inside_the_corpus_is_passed_over_silently(corpus, embedder):
    # A user's folder that looks like a generation is a folder of documents like any.
    (corpus / "gen-000002").mkdir()
    (corpus / "gen-000002" / "kept.md").write_text("# Kept\n\nNode groups keep their labels.\n")
    settings = Settings.from_env(index_dir=corpus / "idx")
    first = ingest(corpus, settings, embedder=embedder)
    again = ingest(corpus, settings, embedder=embedder)
    for summary in (first, again):
        assert summary.skipped == {}
        assert not any(name.startswith("idx/") for name in summary.unchanged + summary.added)
    assert "gen-000002/kept.md" in first.added
    assert again.unchanged == first.added and again.chunks_embedded == 0
    # Another index of the same corpus, kept outside it, passes over this one as well.
    elsewhere = ingest(corpus, Settings.from_env(), embedder=embedder)
    assert elsewhere.skipped == {} and elsewhere.added == first.added


def test_an_index_of_an_earlier_version_is_still_recognised(built_index, tmp_path,
                                                            fixture_corpus, embedder):
    # Earlier versions wrote a manifest and an id, and no marker.
    legacy = Path(shutil.copytree(built_index.index_dir, tmp_path / "legacy"))
    (legacy / MARKER).unlink()
    settings = Settings.from_env(index_dir=legacy, cache_dir=built_index.cache_dir)
    summary = ingest(fixture_corpus, settings, embedder=embedder)
    assert summary.failed == {} and summary.chunks_embedded == 0
    assert summary.unchanged and summary.indexed == len(summary.unchanged)
    assert (legacy / MARKER).is_file()


def test_cleanup_removes_only_the_generations_the_index_recorded(corpus, embedder):
    settings = Settings.from_env()
    index = settings.index_dir
    ingest(corpus, settings, embedder=embedder)
    # The user's folders in the index folder, one named like an index's own generation.
    for name in ("gen-2024", "gen-ai-notes", "gen-000099"):
        (index / name).mkdir()
        (index / name / "notes.md").write_text(f"precious {name}\n")
    # An ingest that was interrupted after starting generation 5 left its folder.
    marker = json.loads((index / MARKER).read_text())
    marker["generations"].append(5)
    (index / MARKER).write_text(json.dumps(marker))
    (index / "gen-000005").mkdir()
    (index / "gen-000005" / "chunks.jsonl").write_text("")

    with open(corpus / "pod-identity.md", "a", encoding="utf-8") as fh:
        fh.write("\n\n## Rotation\n\nRotate the pod credentials every hour.\n")
    summary = ingest(corpus, settings, embedder=embedder)
    assert summary.changed == ["pod-identity.md"]

    generation = IndexSnapshot.open(index).manifest.generation
    assert generation == 6  # after its own records, never after gen-2024 or gen-000099
    gens = sorted(p.name for p in index.iterdir() if p.name.startswith("gen-"))
    assert gens == ["gen-000006", "gen-000099", "gen-2024", "gen-ai-notes"]
    for name in ("gen-2024", "gen-ai-notes", "gen-000099"):
        assert (index / name / "notes.md").read_text() == f"precious {name}\n"
    assert json.loads((index / MARKER).read_text())["generations"] == [6]


def test_a_generation_number_taken_by_a_users_folder_is_stepped_over(corpus, embedder):
    settings = Settings.from_env()
    ingest(corpus, settings, embedder=embedder)
    (settings.index_dir / "gen-000002").mkdir()  # the number the next generation would take
    (settings.index_dir / "gen-000002" / "notes.md").write_text("precious\n")
    os.remove(corpus / "eks-upgrade-notes.txt")
    ingest(corpus, settings, embedder=embedder)
    assert IndexSnapshot.open(settings.index_dir).manifest.generation == 3
    assert (settings.index_dir / "gen-000002" / "notes.md").read_text() == "precious\n"
    assert not (settings.index_dir / "gen-000001").exists()


def test_a_folder_holding_only_an_evals_index_becomes_an_index(tmp_path, corpus, embedder):
    # `tradeoffs eval` ran first and kept its index inside the default index folder.
    index = tmp_path / ".tradeoffs"
    ingest(corpus, Settings.from_env(index_dir=index / "eval-corpus-0123abcd"), embedder=embedder)
    summary = ingest(corpus, Settings.from_env(index_dir=index), embedder=embedder)
    assert summary.failed == {} and summary.chunks_total > 0
    assert (index / MARKER).is_file() and (index / "eval-corpus-0123abcd" / MARKER).is_file()
