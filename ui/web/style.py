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
/* Answer prose drawn as HTML reads like the rest of the chat. */
.answer-prose p, .answer-prose li { line-height: 1.6; }
.answer-prose p { margin: 0 0 0.75rem 0; }
.answer-prose ul, .answer-prose ol { margin: 0 0 0.75rem 0; padding-left: 1.4rem; }
.answer-prose code, .comparison code { font-size: 0.85em; }
/* [n]: a link to its source card, with the quote as a tooltip on hover or focus. */
/* The tooltip hangs from the answer's left edge, below the line of its [n], so it never
   runs off a narrow screen or out of the table's scroll box. */
[data-testid="stChatMessageContent"] { position: relative; }
a.cite { text-decoration: none; font-weight: 600; white-space: nowrap;
  color: var(--primary-color, #2f6fde); border-radius: 0.25rem; padding: 0 0.1rem; }
a.cite:hover, a.cite:focus-visible { text-decoration: underline; outline: 2px solid currentColor; }
a.cite .cite-tip { display: none; position: absolute; z-index: 1000; left: 0;
  margin-top: 1.6em; width: min(26rem, 100%); box-sizing: border-box;
  padding: 0.5rem 0.7rem; border-radius: 0.5rem;
  font-weight: 400; font-size: 0.85rem; line-height: 1.45; white-space: normal;
  color: #f4f4f6; background: #262730; box-shadow: 0 4px 16px rgba(0, 0, 0, 0.25); }
a.cite .cite-tip strong { display: block; margin-bottom: 0.25rem; }
a.cite:hover .cite-tip, a.cite:focus .cite-tip { display: block; }
/* The comparison: cited cells, scrolling sideways when the screen is narrow. */
.comparison-scroll { max-width: 100%; overflow-x: auto; margin: 0.25rem 0 0.75rem 0; }
table.comparison { border-collapse: collapse; font-size: 0.9rem; min-width: 32rem; }
table.comparison th, table.comparison td { border: 1px solid rgba(128, 128, 128, 0.3);
  padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; }
table.comparison thead th { background: rgba(128, 128, 128, 0.1); }
table.comparison td.not-covered { opacity: 0.65; }
/* Source cards: the [n] links land here (below the sticky header); the one landed on
   is marked. The anchor itself takes no room. */
[data-testid="stElementContainer"]:has(.source-anchor) { height: 0; margin-bottom: -1rem; }
.source-anchor { display: block; scroll-margin-top: 5rem; }
[class*="st-key-source-"] { scroll-margin-top: 4.5rem; }
[class*="st-key-source-"]:has(.source-anchor:target) {
  border-color: #f0b400 !important; box-shadow: 0 0 0 2px rgba(240, 180, 0, 0.35); }
[class*="st-key-source-"] [data-testid="stPageLink"] p { font-weight: 600; }
/* A long "Chapter › Section" wraps rather than being cut off. */
[class*="st-key-source-"] [data-testid="stPageLink"],
[class*="st-key-source-"] [data-testid="stPageLink"] * {
  white-space: normal !important; text-overflow: clip !important; max-width: 100%;
  overflow: visible !important; height: auto !important; }
[class*="st-key-source-"] blockquote { margin-bottom: 0; }
/* Nothing wider than a phone's screen: long code scrolls inside its block. */
[data-testid="stChatMessage"] { min-width: 0; }
[data-testid="stChatMessageContent"] { min-width: 0; overflow-wrap: anywhere; }
[data-testid="stChatMessage"] pre { max-width: 100%; overflow-x: auto; }
</style>
""".replace("__CITED__", CITED_KEY).replace("__READER__", READER_KEY)


def apply() -> None:
    """Add the app's CSS to the page."""
    st.html(_CSS)
