"""The chat page over a real index, answering through LangChain's fake chat model, which
streams its reply a character at a time: slow enough to stop in a browser.

    streamlit run tests/ui/slow_llm_app.py   (TRADEOFFS_INDEX_DIR names the index)
"""

from __future__ import annotations

import streamlit as st
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant import Assistant, Settings
from ui.web import chat, style
from ui.web.session import shared_embedder

REPLY = ("Use EKS Pod Identity for new clusters, because it needs no OIDC provider per "
         "cluster and its associations live in the EKS API. [1] ") * 6
SECONDS_PER_CHARACTER = 0.05


@st.cache_resource
def slow_assistant(_settings: Settings) -> Assistant:
    model = FakeListChatModel(responses=[REPLY], sleep=SECONDS_PER_CHARACTER)
    embedder = shared_embedder(_settings)
    return Assistant.open(settings=_settings, embedder=embedder, chat_model=model)


style.apply()
settings = Settings.from_env()
assistant = slow_assistant(settings)
documents = st.Page(lambda: None, title="Documents", url_path="documents")
talk = st.Page(lambda: chat.render(settings, assistant, documents), title="Chat",
               url_path="chat", default=True)
st.navigation([talk, documents]).run()
