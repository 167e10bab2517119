"""The app's own CSS: fixed rules, never built from document or answer text."""

from __future__ import annotations

import streamlit as st

from .documents import CITED_KEY, READER_KEY

_CSS = """
<style>
/* The section a citation points to, on the Documents page. */
.st-key-__CITED__ {
  background: rgba(255, 196, 0, 0.10);
  border-left: 4px solid #f0b400 !important;
  scroll-margin-top: 4.5rem;
}
/* A chapter's own headings sit below the page title in size. */
.st-key-__READER__ h1 { font-size: 2rem; }
.st-key-__READER__ h2 { font-size: 1.5rem; }
.st-key-__READER__ h3 { font-size: 1.25rem; }
.st-key-__READER__ h4, .st-key-__READER__ h5 { font-size: 1.05rem; }
/* Less empty space above the first line of a page. */
[data-testid="stMainBlockContainer"] { padding-top: 3rem; }
/* Answers: a little air between the prose, the table and the sources. */
[data-testid="stChatMessage"] [data-testid="stTable"] { margin: 0.25rem 0 0.75rem 0; }
[data-testid="stChatMessage"] [data-testid="stExpander"] details summary p { font-size: 0.92rem; }
</style>
""".replace("__CITED__", CITED_KEY).replace("__READER__", READER_KEY)


def apply() -> None:
    """Add the app's CSS to the page."""
    st.html(_CSS)
