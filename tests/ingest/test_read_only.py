"""An index on a read-only file system answers: ask, retrieve, status, MCP and the app.

The index is mounted read-only, as a shared volume or a packaged index would be: a bind
mount remounted `ro`. Tests run as root, which permission bits do not stop, so only a
real read-only mount tells; where mounting is not allowed the tests are skipped.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest

from assistant import Assistant, IndexBroken
from ingest.settings import Settings
from ingest.snapshot import IndexSnapshot

QUESTION = "Which storage should hold training data?"
REPO = Path(__file__).resolve().parents[2]
TRADEOFFS = Path(sys.executable).parent / "tradeoffs"


def _mount_read_only(source: Path, target: Path) -> None:
    for command in (["mount", "--bind", str(source), str(target)],
                    ["mount", "-o", "remount,ro,bind", str(target)]):
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            subprocess.run(["umount", str(target)], capture_output=True)
            pytest.skip(f"cannot mount read-only here: {done.stderr.strip()}")


@pytest.fixture
def mount_read_only(tmp_path: Path) -> Iterator:
    """Mount a copy of an index folder read-only; unmounted at teardown."""
    mounted: list[Path] = []

    def mount(index_dir: Path) -> Path:
        source = shutil.copytree(index_dir, tmp_path / f"rw-{len(mounted)}")
        target = tmp_path / f"ro-{len(mounted)}"
        target.mkdir()
        _mount_read_only(source, target)
        mounted.append(target)
        with pytest.raises(OSError) as refused:
            (target / "probe").write_text("x")
        assert refused.value.errno == errno.EROFS
        return target

    yield mount
    for target in mounted:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


@pytest.fixture
def read_only(built_index: Settings, mount_read_only) -> Settings:
    return Settings.from_env(index_dir=mount_read_only(built_index.index_dir),
                             cache_dir=built_index.cache_dir)


def test_ask_and_retrieve_answer_from_a_read_only_index(read_only, embedder):
    assistant = Assistant.open(settings=read_only, embedder=embedder)
    answer = assistant.ask(QUESTION)
    assert answer.citations and not answer.refused
    assert {c.file for c in answer.citations} == {"training-storage.md"}
    passages = assistant.retrieve("IRSA or Pod Identity?", k=3)
    assert passages and passages[0].file == "pod-identity.md"
    assert assistant.status()["chunks"] == len(IndexSnapshot.open(read_only.index_dir).chunks)


def test_the_command_line_answers_from_a_read_only_index(read_only, tradeoffs):
    status = tradeoffs("status", "--index", str(read_only.index_dir))
    assert status.returncode == 0, status.stderr
    assert "4 documents" in status.stdout
    asked = tradeoffs("ask", QUESTION, "--index", str(read_only.index_dir), "--json")
    assert asked.returncode == 0, asked.stderr[-2000:]
    answer = json.loads(asked.stdout)
    assert answer["citations"] and not answer["refused"]
    assert "readonly" not in asked.stderr and "Traceback" not in asked.stderr


def test_mcp_serves_a_read_only_index(read_only):
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    params = StdioServerParameters(
        command=sys.executable,
        args=[str(TRADEOFFS), "mcp", "--index", str(read_only.index_dir)],
        env=dict(os.environ))

    async def call() -> object:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            return await session.call_tool("ask", {"question": QUESTION})

    result = anyio.run(call)
    assert not result.is_error, result.content
    assert result.structured_content["citations"]


def test_the_app_answers_and_turns_feedback_off(read_only, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("TRADEOFFS_INDEX_DIR", str(read_only.index_dir))
    monkeypatch.setenv("TRADEOFFS_CACHE_DIR", str(read_only.cache_dir))
    monkeypatch.delenv("TRADEOFFS_FEEDBACK_DB")  # so it lies in the index folder, read-only
    app = AppTest.from_file(str(REPO / "ui" / "web" / "app.py"), default_timeout=180)
    app.run()
    app.chat_input[0].set_value(QUESTION).run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    answer = app.session_state["exchanges"][-1].answer
    assert answer.citations and not answer.refused
    assert not app.feedback  # no thumbs to click that could not be saved
    assert any("Feedback is off" in c.value for c in app.caption), [c.value for c in app.caption]


def test_a_read_only_generation_without_its_vectors_is_one_line(built_index, mount_read_only,
                                                                 tmp_path, tradeoffs, embedder):
    copy = Path(shutil.copytree(built_index.index_dir, tmp_path / "no-cache"))
    manifest = IndexSnapshot.open(copy).manifest
    (manifest.generation_dir(copy) / "vectors.npy").unlink()
    target = mount_read_only(copy)
    with pytest.raises(IndexBroken):
        Assistant.open(settings=Settings.from_env(index_dir=target),
                       embedder=embedder).ask(QUESTION)
    asked = tradeoffs("ask", QUESTION, "--index", str(target))
    assert asked.returncode == 1
    lines = [line for line in asked.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in asked.stderr, asked.stderr[-2000:]


def test_an_ingest_into_a_read_only_index_says_the_index_still_answers(read_only,
                                                                       fixture_corpus,
                                                                       embedder):
    from assistant import IndexWriteFailed
    from ingest.pipeline import ingest

    with pytest.raises(IndexWriteFailed, match="Read-only file system"):
        ingest(fixture_corpus, read_only, embedder=embedder)
