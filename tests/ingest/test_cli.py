"""The `tradeoffs ingest|status` command line, run as a user runs it: the installed script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from ingest.pipeline import ingest
from ingest.settings import Settings

SUMMARY_KEYS = {"files", "failed", "indexed", "skipped", "chunks_embedded", "chunks_total",
                "seconds", "index", "notices"}
FILE_COUNT_KEYS = {"added", "changed", "unchanged", "removed", "failed"}
CHAPTERS = {
    "accelerated-instances.md": "Choosing accelerated instances for model training",
    "eks-upgrade-notes.txt": "eks upgrade notes",
    "pod-identity.md": "Giving pods AWS permissions",
    "training-storage.md": "Storage for training data on EKS",
}


def assert_one_line_error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr[-2000:]
    assert "Traceback" not in stderr
    return lines[0]


def test_ingest_succeeds_with_exit_0_and_a_json_summary(tradeoffs, corpus, tmp_path):
    # TRADEOFFS_INDEX_DIR (set by the autouse fixture) chooses the index.
    result = tradeoffs("ingest", str(corpus), "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    summary = json.loads(result.stdout)
    assert set(summary) == SUMMARY_KEYS
    assert set(summary["files"]) == FILE_COUNT_KEYS
    assert summary["files"]["added"] == len(CHAPTERS)
    assert summary["failed"] == {}
    assert summary["indexed"] == len(CHAPTERS) and summary["skipped"] == []
    assert summary["chunks_embedded"] == summary["chunks_total"] > 0
    assert summary["index"] == str(tmp_path / "index" / "chroma")

    again = tradeoffs("ingest", str(corpus))
    assert again.returncode == 0
    assert again.stdout.startswith(
        f"indexed {len(CHAPTERS)}, skipped 0; "
        f"files: 0 added, 0 changed, {len(CHAPTERS)} unchanged, 0 removed, 0 failed; "
        f"chunks embedded: 0 (of {summary['chunks_total']})")


def test_some_files_failed_exits_1_and_names_each_on_one_line(tradeoffs, corpus, bad_files,
                                                               embedder):
    for bad in bad_files.values():
        shutil.copy(bad.path, corpus / bad.path.name)
    ingest(corpus, Settings.from_env(), embedder=embedder)  # so the CLI run needs no model

    result = tradeoffs("ingest", str(corpus))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert sorted(line.split(":")[0] for line in skipped) == sorted(
        f"skipped {name}" for name in bad_files)
    for line in skipped:
        name = line.split(":")[0].removeprefix("skipped ")
        assert bad_files[name].reason_word in line.lower()
    assert f"{len(bad_files)} failed" in result.stdout

    assert f"indexed {len(CHAPTERS)}, skipped {len(bad_files)}" in result.stdout

    as_json = json.loads(tradeoffs("ingest", str(corpus), "--json").stdout)
    assert set(as_json["failed"]) == set(bad_files)
    assert sorted(s["file"] for s in as_json["skipped"]) == sorted(bad_files)
    assert all(s["reason"] and "\n" not in s["reason"] for s in as_json["skipped"])


def test_files_it_will_not_open_are_named_and_the_run_exits_1(tradeoffs, corpus, tmp_path):
    (corpus / "runbook.adoc").write_text("= Runbook\n\nDrain the node first.\n")
    (corpus / "slides.pptx").write_bytes(b"PK\x03\x04 not a deck we read")
    outside = tmp_path / "secrets.md"
    outside.write_text("# Secrets\n\nThe admin token is hunter2.\n")
    (corpus / "linked.md").symlink_to(outside)
    result = tradeoffs("ingest", str(corpus))
    assert result.returncode == 1, result.stderr[-2000:]  # the rest is indexed all the same
    skipped = {line.split(":")[0].removeprefix("skipped "): line
               for line in result.stderr.splitlines() if line.startswith("skipped ")}
    assert set(skipped) == {"slides.pptx", "linked.md"}
    assert "unsupported file type .pptx" in skipped["slides.pptx"]
    assert "outside the corpus" in skipped["linked.md"]
    assert result.stdout.startswith(f"indexed {len(CHAPTERS) + 1}, skipped 2; ")


@pytest.mark.parametrize("args", [
    ["ingest", "does/not/exist"],
    ["ingest", "--bogus-flag"],
    ["ingest", ".", "--wait", "soon"],
    ["frobnicate"],
    [],
])
def test_usage_errors_exit_2(tradeoffs, args):
    result = tradeoffs(*args, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "error" in result.stderr


def test_nonexistent_path_is_named_in_one_line(tradeoffs):
    result = tradeoffs("ingest", "does/not/exist", timeout=60)
    assert result.returncode == 2
    assert assert_one_line_error(result.stderr) == "tradeoffs: error: does/not/exist does not exist"


def test_locked_index_exits_1_with_one_line(tradeoffs, corpus, hold_lock, tmp_path):
    hold_lock(tmp_path / "index" / "ingest.lock")
    result = tradeoffs("ingest", str(corpus), timeout=60)
    assert result.returncode == 1
    line = assert_one_line_error(result.stderr)
    assert "another ingest is writing this index" in line and "--wait" in line


def test_status_without_an_index_says_how_to_build_one(tradeoffs, tmp_path):
    result = tradeoffs("status", "--index", str(tmp_path / "nowhere"), timeout=60)
    assert result.returncode == 1
    line = assert_one_line_error(result.stderr)
    assert "no index at" in line and "tradeoffs ingest" in line


def test_status_json_lists_each_document_with_chapter_and_chunk_count(tradeoffs, built_index,
                                                                      fixture_corpus):
    result = tradeoffs("status", "--index", str(built_index.index_dir), "--json", timeout=60)
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["documents"] == len(CHAPTERS)
    assert status["root"] == str(fixture_corpus.resolve())
    assert status["model"] == "all-MiniLM-L6-v2"
    assert status["store"] == str(built_index.index_dir / "chroma")
    assert {f["file"]: f["chapter"] for f in status["files"]} == CHAPTERS
    assert all(f["chunks"] > 0 for f in status["files"])
    assert sum(f["chunks"] for f in status["files"]) == status["chunks"]


def test_status_text_names_every_document(tradeoffs, built_index):
    result = tradeoffs("status", "--index", str(built_index.index_dir), timeout=60)
    assert result.returncode == 0, result.stderr
    assert f"{len(CHAPTERS)} documents" in result.stdout
    for name, chapter in CHAPTERS.items():
        (line,) = [line for line in result.stdout.splitlines() if name in line]
        assert line.rstrip().endswith(chapter)


def test_output_into_a_closed_pipe_prints_no_traceback(built_index, bin_dir, tmp_path):
    # Like `tradeoffs status | head -1`: the reader is gone before the command writes.
    proc = subprocess.Popen([sys.executable, str(bin_dir / "tradeoffs"), "status", "--index",
                             str(built_index.index_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr


def test_many_files_skipped_for_one_reason_share_a_line_and_json_names_each(tradeoffs, corpus):
    pictures = corpus / "img"
    pictures.mkdir()
    for n in range(5):
        (pictures / f"diagram-{n}.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (corpus / "slides.pptx").write_bytes(b"PK\x03\x04 not a deck we read")
    result = tradeoffs("ingest", str(corpus))
    assert result.returncode == 1
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert skipped == ["skipped 5 files: unsupported file type .png (img/diagram-0.png, "
                       "img/diagram-1.png, img/diagram-2.png and 2 more)",
                       "skipped slides.pptx: unsupported file type .pptx"]
    assert result.stdout.startswith(f"indexed {len(CHAPTERS)}, skipped 6; ")
    as_json = json.loads(tradeoffs("ingest", str(corpus), "--json").stdout)
    assert len(as_json["skipped"]) == 6
