"""Process-wide resources and the error boundary around user actions.

The embedding model and the assistant load once per process (st.cache_resource) and
are shared by every browser session. An ingest run from the command line while the app
is up is picked up on the next page run: the assistant checks the index's manifest
(one stat) and switches to the new generation.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import astuple, replace
from pathlib import Path

import streamlit as st

from assistant import Assistant, IndexMissing, Settings, TradeoffsError
from ingest.embedding import Embedder, load_embedder
from ingest.errors import described

from ..present.render import escape_markdown

log = logging.getLogger("tradeoffs.ui")


def shared_embedder(settings: Settings) -> Embedder:
    """The embedding model, loaded once for queries and re-indexing alike."""
    return _embedder(settings.embedder, settings.cache_dir, settings)


@st.cache_resource(show_spinner=False)
def _embedder(backend: str, cache_dir: Path, _settings: Settings) -> Embedder:
    del backend, cache_dir  # the two settings that choose the model key the cache entry
    return load_embedder(_settings, purpose="query")


@st.cache_resource(show_spinner="Loading the index and the embedding model…", max_entries=2)
def _assistant(key: tuple[object, ...], _settings: Settings) -> Assistant:
    del key  # only identifies the cache entry; `_settings` is not hashed
    embedder = shared_embedder(_settings)
    assistant = Assistant.open(settings=_settings, embedder=embedder)
    # The first query pays for warming up the model; pay it here, under the spinner.
    assistant.retrieve("warm up", k=1)
    return assistant


def assistant_key(settings: Settings) -> tuple[object, ...]:
    """The settings that change what the assistant answers (not where feedback goes)."""
    return astuple(replace(settings, feedback_db=Path(), corpus_dir=Path()))


def open_assistant(settings: Settings) -> Assistant | None:
    """The assistant for these settings, on the latest committed index, or None when no
    index has been built yet."""
    try:
        assistant = _assistant(assistant_key(settings), settings)
    except IndexMissing:
        return None
    assistant.refresh()
    return assistant


def forget_assistant() -> None:
    """Drop the cached assistant so the next page run opens the index afresh."""
    _assistant.clear()


@contextmanager
def reported(action: str) -> Iterator[None]:
    """Turn any failure of a user action into a one-line message instead of a traceback."""
    try:
        yield
    except TradeoffsError as exc:
        # Messages may quote a file name or a URL parameter: shown as plain text.
        st.error(f"{action}: {escape_markdown(str(exc))}", icon=":material/error:")
    except Exception as exc:  # the reader gets one line; the log keeps the details
        log.exception("%s failed", action)
        st.error(f"{action} failed ({escape_markdown(described(exc))}).",
                 icon=":material/error:")

