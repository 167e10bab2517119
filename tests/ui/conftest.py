"""Fixtures for the chat app: AppTest runs against the shared fixture index, and an index
that also holds a hostile document for the browser test."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from ui_support import APP, APP_TIMEOUT, HOSTILE_DIR, HOSTILE_FILE

from ingest.settings import Settings


@pytest.fixture
def app_env(built_index: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Point the app at the shared fixture index (and its model cache, so the app loads
    the model once for all tests); feedback still goes to tmp_path."""
    monkeypatch.setenv("TRADEOFFS_INDEX_DIR", str(built_index.index_dir))
    monkeypatch.setenv("TRADEOFFS_CACHE_DIR", str(built_index.cache_dir))
    return Settings.from_env()


@pytest.fixture
def chat_app(app_env: Settings) -> AppTest:
    """The app after its first run: the chat page with an empty conversation."""
    app = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


@pytest.fixture
def ask(chat_app: AppTest) -> Callable[[str], AppTest]:
    """Type a question into the chat box and run the app; fails on any exception shown."""

    def run(question: str) -> AppTest:
        chat_app.chat_input[0].set_value(question).run()
        assert not chat_app.exception, [e.value for e in chat_app.exception]
        assert not chat_app.error, [e.value for e in chat_app.error]
        return chat_app

    return run


@pytest.fixture(scope="session")
def hostile_index(tmp_path_factory: pytest.TempPathFactory, fixture_corpus: Path,
                  embedder, onnx_cache: Path) -> Settings:
    """The fixture corpus plus a document full of script and event-handler HTML."""
    from ingest.pipeline import ingest

    base = tmp_path_factory.mktemp("hostile-index")
    corpus = base / "corpus"
    shutil.copytree(fixture_corpus, corpus)
    shutil.copy(HOSTILE_DIR / HOSTILE_FILE, corpus / HOSTILE_FILE)
    settings = Settings.from_env(environ={}, index_dir=base / "index",
                                 cache_dir=onnx_cache, corpus_dir=corpus)
    summary = ingest(corpus, settings, embedder=embedder)
    assert HOSTILE_FILE in summary.added, summary.failed
    return settings
