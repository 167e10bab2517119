"""Shared fixtures: isolated data directories, the real embedding model and one built index.

Expensive things (the model, an index of the fixture corpus) are built once per session
with explicit settings, so they never depend on the per-test environment below.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingest.settings import ENV_PREFIX, Settings

TESTS_DIR = Path(__file__).parent
FIXTURES_DIR = TESTS_DIR / "fixtures"
BIN_DIR = Path(sys.executable).parent  # the venv's bin: tradeoffs and chroma live here


@pytest.fixture(autouse=True)
def isolated_data_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                       onnx_cache: Path) -> Iterator[Path]:
    """Point every data directory at tmp_path, so no test writes into the repo or ~/.cache.
    The one exception is the run's shared ONNX export (see `onnx_cache`)."""
    for name in list(os.environ):
        if name.startswith(ENV_PREFIX):  # a developer's own settings must not leak in
            monkeypatch.delenv(name)
    monkeypatch.setenv("TRADEOFFS_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("TRADEOFFS_CACHE_DIR", str(onnx_cache))
    monkeypatch.setenv("TRADEOFFS_FEEDBACK_DB", str(tmp_path / "feedback.sqlite3"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    monkeypatch.setenv("TOKENIZERS_PARALLELISM", "false")
    yield tmp_path


@pytest.fixture(scope="session")
def embedder():
    """The real sentence-transformers backend, loaded once for the whole session."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from ingest.embedding import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def onnx_cache(tmp_path_factory: pytest.TempPathFactory, embedder) -> Path:
    """A cache dir holding the checked ONNX export, as `make install` leaves one, made once
    per run and shared by the test processes (the export's own lock lets one make it).
    Every `tradeoffs` a test starts then answers without the seconds of torch's start."""
    from ingest.embedding.export import export_onnx

    run_dir = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        run_dir = run_dir.parent  # the workers' common folder
    cache = run_dir / "onnx-cache"
    export_onnx(cache, reference=embedder)
    return cache


@pytest.fixture(scope="session")
def fixture_corpus() -> Path:
    """Three decision documents and one plain-text note; every file is readable."""
    return FIXTURES_DIR / "corpus"


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory, fixture_corpus: Path,
                embedder, onnx_cache: Path) -> Settings:
    """The fixture corpus indexed once; treat it as read-only. Returns its settings."""
    from ingest.pipeline import ingest

    base = tmp_path_factory.mktemp("built-index")
    settings = Settings.from_env(environ={}, index_dir=base / "index", cache_dir=onnx_cache)
    summary = ingest(fixture_corpus, settings, embedder=embedder)
    assert not summary.failed, summary.failed
    return settings


def pdf_bytes(pages: list[list[str]], title: str | None = None) -> bytes:
    """A minimal valid PDF, one text line per string, in Helvetica; [] makes a blank page."""
    font_ref = 3 + 2 * len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode()]
    for i, lines in enumerate(pages):
        ops = ["BT", "/F1 12 Tf", "72 720 Td", "16 TL"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {font_ref} 0 R >> >> /Contents {4 + 2 * i} 0 R >>"
            .encode())
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    info = None
    if title is not None:
        objects.append(f"<< /Title ({title}) >>".encode("latin-1"))
        info = len(objects)

    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R"
    trailer += f" /Info {info} 0 R >>" if info else " >>"
    out += b"trailer\n%s\nstartxref\n%d\n%%%%EOF\n" % (trailer.encode(), xref)
    return bytes(out)


@pytest.fixture
def make_pdf() -> Callable[..., bytes]:
    return pdf_bytes


@dataclass(frozen=True)
class BadFile:
    path: Path
    reason_word: str  # the one-line reason for skipping it must contain this (any case)


@pytest.fixture
def bad_files(tmp_path: Path) -> dict[str, BadFile]:
    """One file of each unreadable kind, made at test time in tmp_path/bad."""
    kinds = {
        "corrupt.pdf": (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n\x8f\x02garbage",
                        "pdf"),
        "binary.md": (b"# Looks like Markdown\n\x00\x01\x02\x00\xff\xfe payload \x00" * 4,
                      "binary"),
        # High bytes in no order any text encoding has: not UTF-8, and nothing else fits.
        "garbled.txt": (bytes(range(0x80, 0x100)) * 2, "utf-8"),
        "empty.md": (b"  \n\n\t\n", "empty"),
    }
    folder = tmp_path / "bad"
    folder.mkdir()
    files = {}
    for name, (data, word) in kinds.items():
        (folder / name).write_bytes(data)
        files[name] = BadFile(folder / name, word)
    return files


@pytest.fixture(scope="session")
def bin_dir() -> Path:
    """The venv's bin folder, where the `tradeoffs` and `chroma` commands are installed."""
    return BIN_DIR


@pytest.fixture
def tradeoffs(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed `tradeoffs` console script with the test's environment."""

    def run(*args: str, timeout: float = 180, python_flags: tuple[str, ...] = ()
            ) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, *python_flags, str(BIN_DIR / "tradeoffs"), *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              cwd=tmp_path, env=dict(os.environ))

    return run


@pytest.fixture
def hold_lock() -> Iterator[Callable[[Path], subprocess.Popen[str]]]:
    """Acquire a file lock in another process, as a concurrent ingest would; kill it to release."""
    holders: list[subprocess.Popen[str]] = []
    code = ("import sys, time, filelock; lock = filelock.FileLock(sys.argv[1]); lock.acquire(); "
            "print('held', flush=True); time.sleep(300)")

    def hold(lock_path: Path) -> subprocess.Popen[str]:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        holder = subprocess.Popen([sys.executable, "-c", code, str(lock_path)],
                                  stdout=subprocess.PIPE, text=True)
        holders.append(holder)
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        return holder

    yield hold
    for holder in holders:
        holder.kill()
        holder.wait(timeout=10)
