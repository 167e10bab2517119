"""Every file under the root is indexed or named with its reason, nothing outside the root
is read, and the same files always give the same index. Real model, Chroma and files."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.snapshot import IndexSnapshot

FORMATS = Path(__file__).parents[1] / "fixtures" / "formats"


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """The format fixtures plus one file of each kind that must be skipped."""
    folder = Path(shutil.copytree(FORMATS, tmp_path / "docs"))
    (folder / "deck.pptx").write_bytes(b"PK\x03\x04 slides")
    (folder / "Makefile").write_text("all:\n\techo build\n")
    (folder / "garbled.txt").write_bytes(bytes(range(0x80, 0x100)) * 2)
    (folder / "blank.md").write_text("\n   \n")
    (folder / "only-front-matter.md").write_text("---\nsidebar_position: 1\n---\n")
    windows = "Gr\u00f6\u00dfe der Knoten: \u201eSpot\u201c spart Kosten bei Batch-Jobs."
    (folder / "windows.txt").write_bytes(windows.encode("cp1252"))
    (folder / "huge.txt").write_text("GPU quota notes. " * 4000)
    secret = tmp_path / "outside" / "credentials.md"
    secret.parent.mkdir()
    secret.write_text("# Credentials\n\nThe cluster admin token is tok-3f9a2c.\n")
    (folder / "guides").mkdir()
    (folder / "guides" / "credentials.md").symlink_to(secret)
    (folder / "guides" / "elsewhere").symlink_to(secret.parent, target_is_directory=True)
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return folder


def test_every_file_is_indexed_or_named_with_its_reason(mixed_folder, tmp_path, embedder):
    settings = Settings.from_env(index_dir=tmp_path / "index", max_file_bytes=50_000)
    summary = ingest(mixed_folder, settings, embedder=embedder)

    skipped = summary.skipped
    assert set(skipped) == {"deck.pptx", "Makefile", "garbled.txt", "blank.md",
                            "only-front-matter.md", "huge.txt", "guides/credentials.md",
                            "guides/elsewhere"}
    assert "unsupported file type .pptx" in skipped["deck.pptx"]
    assert "unsupported file type (no extension)" in skipped["Makefile"]
    assert "not valid UTF-8" in skipped["garbled.txt"]
    assert "empty" in skipped["blank.md"]
    assert "no text" in skipped["only-front-matter.md"]
    assert "too large" in skipped["huge.txt"]
    assert "outside the corpus" in skipped["guides/credentials.md"]
    assert "outside the corpus" in skipped["guides/elsewhere"]
    assert all("\n" not in reason for reason in skipped.values())

    indexed = sorted(summary.added)
    assert indexed == sorted([p.name for p in FORMATS.iterdir()] + ["windows.txt"])
    assert summary.indexed == len(indexed)
    assert {s["file"] for s in summary.as_dict()["skipped"]} == set(skipped)

    chunks = IndexSnapshot.open(settings.index_dir).chunks
    text = "\n".join(c.text for c in chunks)
    assert "tok-3f9a2c" not in text  # the linked file was never read
    assert "Gr\u00f6\u00dfe der Knoten" in text  # cp1252 decoded, not refused
    assert not any(c.file.startswith(".git") for c in chunks)


def test_the_same_files_give_the_same_index(tmp_path, embedder):
    folder = Path(shutil.copytree(FORMATS, tmp_path / "docs"))
    shutil.copytree(Path(__file__).parents[1] / "fixtures" / "corpus", folder / "decisions")
    first = Settings.from_env(index_dir=tmp_path / "one")
    second = replace(first, index_dir=tmp_path / "two")
    ingest(folder, first, embedder=embedder)
    ingest(folder, second, embedder=embedder)
    a, b = IndexSnapshot.open(first.index_dir), IndexSnapshot.open(second.index_dir)
    assert [c.id for c in a.chunks] == [c.id for c in b.chunks]
    assert a.chunks == b.chunks
    assert a.keyword.ids == b.keyword.ids
    query = "restart time of checkpoints on FSx for Lustre"
    assert list(a.keyword.scores(query)) == list(b.keyword.scores(query))
