"""Fixtures for the assistant tests: one assistant over the shared fixture index, siblings
of it with other settings or a LangChain fake chat model, and the fixture sources.

LangChain is imported only inside fixtures, so collecting these tests imports nothing
heavy that the package itself would not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from assistant import Answer, Assistant
from ingest.settings import Settings


@pytest.fixture(scope="session")
def assistant(built_index: Settings, embedder) -> Assistant:
    """The assistant over the fixture corpus, opened once; treat it as read-only."""
    return Assistant.open(settings=built_index, embedder=embedder)


@pytest.fixture(scope="session")
def ask(assistant: Assistant) -> Callable[[str], Answer]:
    """The extractive answer to a question, asked once per session and shared: answers
    are deterministic, and every question costs a real embedding."""
    return cache(lambda question: assistant.ask(question, mode="extractive"))


@pytest.fixture(scope="session")
def assistant_with(assistant: Assistant) -> Callable[..., Assistant]:
    """Another assistant on the same index, model and store, with a chat model and/or
    changed settings (e.g. `assistant_with(max_context_chars=1200)`)."""

    def make(chat_model: Any | None = None, **settings_changes: Any) -> Assistant:
        settings = replace(assistant.settings, **settings_changes)
        return Assistant(settings, assistant.snapshot, assistant.retriever.store,
                         assistant.retriever.embedder, chat_model=chat_model)

    return make


@pytest.fixture(scope="session")
def source_text(assistant: Assistant) -> Callable[[str], str]:
    """The indexed file's text, read from the corpus folder the manifest names."""
    root = Path(assistant.snapshot.manifest.root)
    return lambda file: (root / file).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def recording_chat_model() -> type:
    """LangChain's FakeListChatModel that also keeps every message list it is sent,
    so a test can read the prompt our code built. Construct with `responses=[...]`."""
    from langchain_core.language_models.fake_chat_models import FakeListChatModel
    from pydantic import Field

    class RecordingChatModel(FakeListChatModel):
        received: list[list[Any]] = Field(default_factory=list)

        def _call(self, messages: list[Any], *args: Any, **kwargs: Any) -> str:
            self.received.append(list(messages))
            return super()._call(messages, *args, **kwargs)

        def _stream(self, messages: list[Any], *args: Any, **kwargs: Any):
            self.received.append(list(messages))
            yield from super()._stream(messages, *args, **kwargs)

    # Resolve `Any` here: pydantic would look it up in sys.modules["conftest"], which is
    # whichever conftest.py pytest imported last, not necessarily this one.
    RecordingChatModel.model_rebuild(_types_namespace={"Any": Any})
    return RecordingChatModel
