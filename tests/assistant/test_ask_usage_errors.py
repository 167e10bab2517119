"""`tradeoffs ask` with bad arguments: one line, exit 2, never a traceback or a silent
answer with other settings."""

from __future__ import annotations

import pytest

from ingest.settings import Settings
from ui.cli.main import EXIT_USAGE, main

QUESTION = "Which storage should hold training data?"


@pytest.fixture
def index_env(built_index: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("TRADEOFFS_INDEX_DIR", str(built_index.index_dir))
    monkeypatch.setenv("TRADEOFFS_CACHE_DIR", str(built_index.cache_dir))
    return built_index


def error_line(capsys: pytest.CaptureFixture[str]) -> str:
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert out == "" and len(lines) == 1 and "Traceback" not in err, err[-2000:]
    return lines[0]


@pytest.mark.parametrize("k", ["-1", "0"])
def test_k_below_one_is_a_usage_error(index_env, capsys, k):
    assert main(["ask", QUESTION, "--k", k]) == EXIT_USAGE
    assert error_line(capsys) == (f"tradeoffs: error: k must be at least 1 (got {k}): it is "
                                  "how many passages to use")


def test_an_unknown_chapter_lists_the_chapters(index_env, capsys):
    assert main(["ask", QUESTION, "--chapter", "storage.md"]) == EXIT_USAGE
    line = error_line(capsys)
    assert line.startswith("tradeoffs: error: no chapter named storage.md in the index; "
                           "the chapters are: ")
    for name in ("accelerated-instances.md", "eks-upgrade-notes.txt", "pod-identity.md",
                 "training-storage.md"):
        assert name in line
