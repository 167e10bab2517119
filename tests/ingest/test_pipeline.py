"""Incremental, crash-safe ingestion with the real model, real Chroma and real files."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import termios
import time
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.errors import IndexLocked
from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.snapshot import IndexSnapshot
from ingest.store import ChromaStore

FIXTURE_FILES = ["accelerated-instances.md", "eks-upgrade-notes.txt", "pod-identity.md",
                 "training-storage.md"]


@pytest.fixture
def corpus(tmp_path: Path, fixture_corpus: Path) -> Path:
    """A private copy of the fixture corpus that a test may edit."""
    return Path(shutil.copytree(fixture_corpus, tmp_path / "corpus"))


@pytest.fixture
def small_corpus(tmp_path: Path, fixture_corpus: Path) -> Path:
    """One short file, for tests about the index rather than about the documents."""
    folder = tmp_path / "small"
    folder.mkdir()
    shutil.copy(fixture_corpus / "eks-upgrade-notes.txt", folder)
    return folder


@pytest.fixture
def settings() -> Settings:
    """Settings from the environment, which the autouse fixture points at tmp_path."""
    return Settings.from_env()


def assert_consistent(settings: Settings) -> IndexSnapshot:
    """Manifest, chunk records, keyword index and vectors all name the same chunks once."""
    snapshot = IndexSnapshot.open(settings.index_dir)
    ids = [c.id for c in snapshot.chunks]
    assert len(ids) == len(set(ids))
    assert snapshot.keyword.ids == ids
    assert sum(e.chunks for e in snapshot.manifest.files.values()) == len(ids)
    store = ChromaStore(settings)
    assert store.count() == len(ids)
    assert store.ids() == set(ids)
    assert snapshot.manifest.pending_delete == ()
    return snapshot


def ids_by_file(snapshot: IndexSnapshot) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for c in snapshot.chunks:
        result.setdefault(c.file, []).append(c.id)
    return result


def test_first_ingest_embeds_everything_and_a_second_run_nothing(corpus, settings, embedder):
    first = ingest(corpus, settings, embedder=embedder)
    assert first.added == FIXTURE_FILES
    assert first.failed == {}
    assert first.chunks_embedded == first.chunks_total > 0
    snapshot = assert_consistent(settings)
    assert {name: e.chapter for name, e in snapshot.manifest.files.items()} == {
        "accelerated-instances.md": "Choosing accelerated instances for model training",
        "eks-upgrade-notes.txt": "eks upgrade notes",
        "pod-identity.md": "Giving pods AWS permissions",
        "training-storage.md": "Storage for training data on EKS",
    }

    second = ingest(corpus, settings)  # no embedder: nothing to embed, so none is loaded
    assert second.chunks_embedded == 0
    assert second.unchanged == FIXTURE_FILES
    assert second.added == second.changed == second.removed == []
    assert second.chunks_total == first.chunks_total
    assert second.index == first.index == str(settings.index_dir / "chroma")
    assert IndexSnapshot.open(settings.index_dir).manifest == snapshot.manifest


def test_unchanged_corpus_is_checked_without_loading_model_or_chroma(built_index, fixture_corpus,
                                                                     tradeoffs):
    result = tradeoffs("ingest", str(fixture_corpus), "--index", str(built_index.index_dir),
                       "--json", python_flags=("-X", "importtime"), timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout)
    assert summary["chunks_embedded"] == 0
    assert summary["files"]["unchanged"] == len(FIXTURE_FILES)
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")}
    assert "ingest.pipeline" in imported  # the import log really was captured
    heavy = {name for name in imported
             if name.split(".")[0] in {"sentence_transformers", "torch", "chromadb"}}
    assert heavy == set()


def test_changing_one_file_reembeds_only_its_changed_chunks(corpus, settings, embedder):
    ingest(corpus, settings, embedder=embedder)
    before = ids_by_file(IndexSnapshot.open(settings.index_dir))

    path = corpus / "pod-identity.md"
    text = path.read_text()
    edited = text.replace("A platform team running twelve EKS clusters",
                          "A platform team running forty EKS clusters")
    assert edited != text
    path.write_text(edited)
    summary = ingest(corpus, settings, embedder=embedder)

    assert summary.changed == ["pod-identity.md"]
    assert summary.unchanged == [f for f in FIXTURE_FILES if f != "pod-identity.md"]
    after = ids_by_file(assert_consistent(settings))
    for name in summary.unchanged:
        assert after[name] == before[name]
    new_ids = set(after["pod-identity.md"]) - set(before["pod-identity.md"])
    gone_ids = set(before["pod-identity.md"]) - set(after["pod-identity.md"])
    assert summary.chunks_embedded == len(new_ids) == 1
    assert len(gone_ids) == 1
    assert gone_ids.isdisjoint(ChromaStore(settings).ids())


def test_removing_a_file_deletes_its_chunks_everywhere(corpus, settings, embedder):
    ingest(corpus, settings, embedder=embedder)
    before = ids_by_file(IndexSnapshot.open(settings.index_dir))
    assert IndexSnapshot.open(settings.index_dir).keyword.scores("Mountpoint").max() > 0

    (corpus / "training-storage.md").unlink()
    summary = ingest(corpus, settings, embedder=embedder)

    assert summary.removed == ["training-storage.md"]
    assert summary.chunks_embedded == 0
    snapshot = assert_consistent(settings)
    assert "training-storage.md" not in snapshot.manifest.files
    assert set(before["training-storage.md"]).isdisjoint(ChromaStore(settings).ids())
    assert set(before["training-storage.md"]).isdisjoint(snapshot.keyword.ids)
    assert not snapshot.keyword.scores("Mountpoint").any()  # the keyword side forgot it too


def test_bad_files_are_named_with_reasons_and_the_rest_is_indexed(corpus, settings, embedder,
                                                                  bad_files, make_pdf):
    for bad in bad_files.values():
        shutil.copy(bad.path, corpus / bad.path.name)
    (corpus / "neuron-notes.pdf").write_bytes(make_pdf([
        ["Neuron notes.", "Trainium instances need the AWS Neuron SDK and torch-neuronx."],
        ["The Neuron device plugin exposes aws.amazon.com/neuron on each trn1 node."],
    ]))
    summary = ingest(corpus, settings, embedder=embedder)

    assert set(summary.failed) == set(bad_files)
    for name, reason in summary.failed.items():
        assert reason and "\n" not in reason
        assert bad_files[name].reason_word in reason.lower(), (name, reason)
    assert summary.added == sorted([*FIXTURE_FILES, "neuron-notes.pdf"])
    snapshot = assert_consistent(settings)
    assert set(snapshot.manifest.files) == set(summary.added)
    pdf_pages = {c.page for c in snapshot.chunks if c.file == "neuron-notes.pdf"}
    assert pdf_pages == {1, 2}

    # A failed file keeps being reported, and costs nothing else, on the next run.
    again = ingest(corpus, settings, embedder=embedder)
    assert set(again.failed) == set(bad_files)
    assert again.chunks_embedded == 0


def test_a_lock_held_by_another_process_fails_fast_with_a_clear_message(small_corpus, settings,
                                                                        embedder, hold_lock):
    corpus = small_corpus
    holder = hold_lock(settings.index_dir / "ingest.lock")
    started = time.perf_counter()
    with pytest.raises(IndexLocked) as caught:
        ingest(corpus, settings, embedder=embedder)
    assert time.perf_counter() - started < 2
    message = str(caught.value)
    assert "another ingest is writing this index" in message
    assert "--wait" in message and "\n" not in message

    started = time.perf_counter()
    with pytest.raises(IndexLocked, match="waited 1s"):
        ingest(corpus, settings, wait=1.0, embedder=embedder)
    assert 0.9 < time.perf_counter() - started < 5

    holder.kill()
    holder.wait(timeout=10)
    assert ingest(corpus, settings, embedder=embedder).failed == {}


def test_rebuild_reembeds_everything(small_corpus, settings, embedder):
    corpus = small_corpus
    first = ingest(corpus, settings, embedder=embedder)
    ids = [c.id for c in IndexSnapshot.open(settings.index_dir).chunks]
    rebuilt = ingest(corpus, settings, rebuild=True, embedder=embedder)
    assert rebuilt.chunks_embedded == rebuilt.chunks_total == first.chunks_total
    assert [c.id for c in assert_consistent(settings).chunks] == ids


def _read_until(proc: subprocess.Popen, fd: int, marker: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        assert time.monotonic() < deadline, f"no {marker!r} after {timeout}s: {seen[-500:]!r}"
        assert proc.poll() is None, f"ingest ended before {marker!r}: {seen[-500:]!r}"
        if select.select([fd], [], [], 0.05)[0]:
            try:
                seen += os.read(fd, 65536)
            except OSError:  # the terminal closed: the process is gone
                break
    return seen


def test_killed_ingest_leaves_the_previous_index_readable_and_the_next_run_resumes(
        corpus, settings, embedder, fixture_corpus, bin_dir, tmp_path):
    ingest(corpus, settings, embedder=embedder)
    before = IndexSnapshot.open(settings.index_dir)

    # Changes that need several embedding batches: an edit and three new copies of the corpus.
    path = corpus / "pod-identity.md"
    path.write_text(path.read_text().replace("twelve EKS clusters", "forty EKS clusters"))
    for k in range(3):
        shutil.copytree(fixture_corpus, corpus / f"team-{k}")

    # On a terminal the CLI shows a "chunks" progress bar once the first batch is stored.
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # bars need width
    proc = subprocess.Popen([str(bin_dir / "tradeoffs"), "ingest", str(corpus)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave,
                            cwd=corpus.parent, env=dict(os.environ))
    os.close(slave)
    try:
        _read_until(proc, master, b"chunks:", timeout=180)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    assert proc.returncode == -signal.SIGKILL

    # Look at what the next process will find on disk. A copy keeps this process's cached
    # Chroma client (opened by the first ingest) out of the way; clearing Chroma's global
    # cache instead would break session-wide fixtures that hold a client.
    settings = replace(settings, index_dir=shutil.copytree(settings.index_dir,
                                                           tmp_path / "after-kill"))
    after = IndexSnapshot.open(settings.index_dir)
    assert after.manifest == before.manifest
    assert [c.id for c in after.chunks] == [c.id for c in before.chunks]
    stored = ChromaStore(settings).ids()
    assert {c.id for c in before.chunks} <= stored
    partial = stored - {c.id for c in before.chunks}
    assert partial  # the killed run had stored vectors that no manifest names yet

    summary = ingest(corpus, settings, embedder=embedder)
    assert summary.failed == {}
    snapshot = assert_consistent(settings)
    needed = {c.id for c in snapshot.chunks} - {c.id for c in before.chunks}
    assert summary.chunks_embedded == len(needed - partial)  # resumed, not restarted
    assert len(snapshot.manifest.files) == 4 * len(FIXTURE_FILES)

    # The vector index finds a chunk the killed run embedded (copies tie at distance 0).
    probe = next(c for c in snapshot.chunks if c.id in partial)
    hits = ChromaStore(settings).query(embedder.embed([probe.embed_text])[0], n=8)
    assert probe.id in {h.id for h in hits if h.distance < 1e-3}
