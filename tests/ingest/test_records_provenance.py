"""Provenance from a real git repository made in tmp_path, from file times without git,
and from a link template in the settings."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from git_support import git

from ingest.errors import InvalidSetting
from ingest.provenance import link, provenance, web_of_remote
from ingest.settings import Settings

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")





@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with an https remote; its documents live in docs/adr."""
    top = tmp_path / "decisions"
    (top / "docs" / "adr").mkdir(parents=True)
    (top / "docs" / "adr" / "0001-use queues.md").write_text("# 1. Use queues\n\n## Status\n\n"
                                                              "Accepted\n", encoding="utf-8")
    git(top, "init", "-q")
    git(top, "remote", "add", "origin", "https://github.com/acme/decisions.git")
    git(top, "add", ".")
    git(top, "commit", "-q", "-m", "First record")
    return top


def files_under(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*.md")}


def test_a_git_checkout_gives_links_at_the_commit_and_commit_dates(repo: Path) -> None:
    root = repo / "docs"
    commit = git(repo, "rev-parse", "HEAD")
    found = provenance(root, files_under(root), None)["adr/0001-use queues.md"]
    assert found.last_changed == "2023-05-04"
    assert found.url is not None
    assert link(found.url, line=7) == (f"https://github.com/acme/decisions/blob/{commit}/"
                                       "docs/adr/0001-use%20queues.md#L7")
    assert link(found.url, anchor="Status").endswith("0001-use%20queues.md#status")
    assert link(found.url).endswith("0001-use%20queues.md")


def test_an_uncommitted_file_has_its_file_time_and_no_link(repo: Path) -> None:
    root = repo / "docs"
    new = root / "adr" / "0002-draft.md"
    new.write_text("# 2. Draft\n", encoding="utf-8")
    os.utime(new, (1_600_000_000, 1_600_000_000))
    found = provenance(root, files_under(root), None)["adr/0002-draft.md"]
    assert found.url is None
    assert found.last_changed == "2020-09-13"


def test_without_git_the_file_time_is_the_last_change_and_there_is_no_link(tmp_path: Path
                                                                           ) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    doc = root / "note.md"
    doc.write_text("# Note\n", encoding="utf-8")
    os.utime(doc, (1_700_000_000, 1_700_000_000))
    found = provenance(root, {"note.md": doc}, None)["note.md"]
    expected = datetime.fromtimestamp(1_700_000_000, UTC).date().isoformat()
    assert (found.url, found.last_changed) == (None, expected)


def test_a_template_in_the_settings_replaces_the_inferred_link(repo: Path, tmp_path: Path
                                                                ) -> None:
    settings = Settings.from_env({"TRADEOFFS_SOURCE_URL":
                                  "https://docs.example.org/{commit}/{path}?plain=1#L{line}"})
    root = repo / "docs"
    commit = git(repo, "rev-parse", "HEAD")
    found = provenance(root, files_under(root), settings.source_url)["adr/0001-use queues.md"]
    assert link(found.url, line=3) == (f"https://docs.example.org/{commit}/"
                                       "adr/0001-use%20queues.md?plain=1#L3")
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.md").write_text("# A\n", encoding="utf-8")
    # Without git, a template that needs the commit gives no link; one that does not, does.
    assert provenance(plain, {"a.md": plain / "a.md"}, settings.source_url)["a.md"].url is None
    site = provenance(plain, {"a.md": plain / "a.md"}, "https://wiki.example.org/{path}")
    assert link(site["a.md"].url) == "https://wiki.example.org/a.md"


def test_only_web_links_are_made() -> None:
    with pytest.raises(InvalidSetting, match="TRADEOFFS_SOURCE_URL"):
        Settings.from_env({"TRADEOFFS_SOURCE_URL": "javascript:alert(1)//{path}"})
    assert web_of_remote("git@gitlab.example.org:team/records.git") == (
        "https://gitlab.example.org/team/records")
    assert web_of_remote("https://user:secret@github.com/acme/decisions.git") == (
        "https://github.com/acme/decisions")  # credentials never reach a link
    assert web_of_remote("/srv/git/decisions.git") is None
    assert web_of_remote("file:///srv/git/decisions.git") is None
