"""The Streamlit app: `tradeoffs ui` runs `streamlit run ui/web/app.py`.

Settings are read once here and handed to the pages; the pages live in their own modules.
"""

from __future__ import annotations

import streamlit as st

from assistant import Settings
from ui.web import chat, documents, style
from ui.web.session import open_assistant, reported


def main() -> None:
    st.set_page_config(page_title="tradeoffs", page_icon="⚖️")
    style.apply()
    settings = Settings.from_env()
    opened = False
    with reported("Opening the index"):
        assistant = open_assistant(settings)  # None when there is no index yet
        opened = True
    if not opened:
        st.stop()
    docs = st.Page(lambda: documents.render(settings, assistant), title="Documents",
                   icon=":material/menu_book:", url_path=documents.URL_PATH)
    talk = st.Page(lambda: chat.render(settings, assistant, docs), title="Chat",
                   icon=":material/forum:", url_path="chat", default=True)
    st.navigation([talk, docs]).run()


main()
