"""LLM answer mode in the chat page, with LangChain's fake chat models standing in for a
provider (the only fake: the index, model and assistant are real)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from ui_support import APP_TIMEOUT

from ingest.settings import Settings

QUESTION = "How should pods get AWS permissions?"


def chat_with_fake_llm(reply: str, fail: bool) -> None:
    """The chat page over the real index, its assistant given a fake chat model."""
    import streamlit as st
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from assistant import Assistant, Settings
    from ui.web import chat
    from ui.web.session import shared_embedder

    settings = Settings.from_env()
    model = FakeListChatModel(responses=[reply], error_on_chunk_number=0 if fail else None)
    embedder = shared_embedder(settings)
    assistant = Assistant.open(settings=settings, embedder=embedder, chat_model=model)
    documents = st.Page(lambda: None, title="Documents", url_path="documents")
    talk = st.Page(lambda: chat.render(settings, assistant, documents), title="Chat",
                   url_path="chat", default=True)
    st.navigation([talk, documents]).run()


def run_chat(reply: str, fail: bool) -> AppTest:
    app = AppTest.from_function(chat_with_fake_llm, default_timeout=APP_TIMEOUT,
                                kwargs={"reply": reply, "fail": fail})
    app.run()
    assert app.radio(key="answer_mode").options == ["Extractive (quotes only)",
                                                    "LLM (grounded in passages)"]
    assert app.radio(key="answer_mode").value == "llm"  # the LLM is the default when set
    app.chat_input[0].set_value(QUESTION).run()
    assert not app.exception and not app.error, [e.value for e in app.exception]
    return app


@pytest.mark.usefixtures("app_env")
def test_fake_llm_answer_is_shown_with_its_citations() -> None:
    app = run_chat("Use EKS Pod Identity for new clusters. [1]", fail=False)
    exchange = app.session_state["exchanges"][-1]
    assert exchange.mode == "llm"
    assert "Use EKS Pod Identity for new clusters." in exchange.answer.text
    assert not app.warning


@pytest.mark.usefixtures("app_env")
def test_fake_llm_failure_falls_back_to_the_extractive_answer_with_a_notice(
        app_env: Settings) -> None:
    app = run_chat("never sent", fail=True)
    assert any("could not answer" in w.value for w in app.warning)
    exchange = app.session_state["exchanges"][-1]
    assert exchange.answer.citations  # the extractive answer, cited
    app.feedback[0].set_value(1).run()
    from ui.present.feedback import FeedbackStore

    (row,) = FeedbackStore(app_env.feedback_db).records()
    assert row.mode == "extractive"  # what actually answered
