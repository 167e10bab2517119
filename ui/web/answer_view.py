"""How one answer is drawn in the chat: notes, cited prose, the comparison, its sources.

Every signal comes from an Answer field (`refused`, `not_covered`, `confidence`,
`comparison`, `citations`), never from reading the prose. Prose and tables are escaped
HTML (see answer_html) whose `[n]` links jump to the source cards below; each card
links on to the Documents page, scrolled to the cited section and highlighting it.
"""

from __future__ import annotations

import streamlit as st

from assistant import Answer, Citation, fallback_notice

from ..present.conversation import STOPPED_NOTICE, Exchange
from ..present.export import answer_markdown
from ..present.quotes import quote_parts
from ..present.render import (
    escape_markdown,
    quote_markdown,
    safe_markdown,
    source_query,
    weak_match_note,
)
from ..present.standing import SEPARATOR, original_link, standing_words
from .answer_html import anchor_id, comparison_html, prose_html

# Our own constant script and markup; the answer reaches it only as JSON data.
_COPY_JS = """
export default function (component) {
  const { data, parentElement } = component;
  const button = parentElement.querySelector("button");
  const label = button.querySelector(".label");
  button.onclick = async () => {
    try {
      await navigator.clipboard.writeText(data.markdown);
      label.textContent = "Copied";
    } catch (error) {
      label.textContent = "Copy failed";
    }
    setTimeout(() => { label.textContent = "Copy"; }, 2000);
  };
}
"""
# Material Design's "content copy" icon (Apache 2.0), drawn in the text colour.
_COPY_ICON = ('<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path '
              'fill="currentColor" d="M16 1H4c-1.1 0-2 .9-2 2v14h2V3h12V1zm3 4H8c-1.1 0-2 .9-2 '
              '2v14c0 1.1.9 2 2 2h11c1.1 0 2-.9 2-2V7c0-1.1-.9-2-2-2zm0 16H8V7h11v14z"/></svg>')
_COPY_HTML = ('<button type="button" class="copy" title="Copy the answer and its sources as '
              'Markdown">' + _COPY_ICON + '<span class="label">Copy</span></button>')
_COPY_CSS = """
.copy { font: inherit; font-size: 0.875rem; color: inherit; background: transparent;
        border: 1px solid rgba(128, 128, 128, 0.4); border-radius: 0.5rem;
        padding: 0.25rem 0.75rem; cursor: pointer; min-height: 2rem;
        display: inline-flex; align-items: center; gap: 0.4rem; }
.copy:hover, .copy:focus-visible { border-color: currentColor; }
"""
_copy_button = st.components.v2.component("tradeoffs_copy_answer", html=_COPY_HTML,
                                          css=_COPY_CSS, js=_COPY_JS)


def show_answer(exchange: Exchange) -> None:
    """The notes, the cited prose and the comparison table of one answer."""
    answer = exchange.answer
    for notice in answer.notices:
        st.caption(escape_markdown(f"Note: {notice}."))
    if exchange.stopped:
        st.warning(STOPPED_NOTICE, icon=":material/stop_circle:")
    if answer.fell_back:
        st.warning(fallback_notice(), icon=":material/warning:")
    intro, body = safe_markdown(answer.intro), safe_markdown(answer.body)
    if answer.refused:
        st.info(body, icon=":material/block:")
        return
    weak = weak_match_note(answer)
    if weak:
        st.warning(weak, icon=":material/troubleshoot:")
    if answer.not_covered:
        st.info("Not covered by the documents: " + ", ".join(answer.not_covered) + ".",
                icon=":material/help:")
    if not body and answer.comparison is None:
        st.info("None of the passages found answers this directly: try rephrasing, or widen "
                "the chapter and decision-part filters.", icon=":material/search_off:")
    scope = exchange.id
    if intro:
        st.html(_prose(intro, answer, scope))
    if answer.comparison is not None:
        st.html(comparison_html(answer.comparison, answer.citations, scope))
    if body:
        st.html(_prose(body, answer, scope))


def _prose(markdown: str, answer: Answer, scope: str) -> str:
    return f'<div class="answer-prose">{prose_html(markdown, answer.citations, scope)}</div>'


def show_sources(exchange: Exchange, documents: st.Page) -> None:
    """One card per citation: `[n] Chapter › Section` linking to the cited section
    (file name on hover), then the quote, code kept as code."""
    answer = exchange.answer
    if not answer.citations:
        return
    st.markdown("**Sources**")
    for citation in answer.citations:
        with st.container(border=True, key=f"source-{exchange.id}-{citation.n}"):
            _source_card(citation, answer, exchange.id, documents)


def _source_card(citation: Citation, answer: Answer, scope: str, documents: st.Page) -> None:
    # The target of the answer's [n] links; styled to take no room (see style.py).
    st.html(f'<span class="source-anchor" id="{anchor_id(scope, citation.n)}"></span>')
    st.page_link(documents, label=safe_markdown(f"[{citation.n}] {citation.label}"),
                 help=citation.file,
                 icon=":material/menu_book:", query_params=source_query(citation))
    standing, link = standing_words(citation), original_link(citation)
    if standing or link:
        original = f"[original ↗]({link})" if link else ""
        st.caption(SEPARATOR.join(filter(None, [escape_markdown(standing), original])))
    for part in quote_parts(citation, answer.passages):
        if part.is_code:
            st.code(part.text, language=part.language or None, wrap_lines=False)
        else:
            st.markdown(quote_markdown(part.text))


def copy_button(exchange: Exchange) -> None:
    """Copy the answer, with its sources, to the clipboard as Markdown."""
    _copy_button(data={"markdown": answer_markdown(exchange.answer)},
                 key=f"copy-{exchange.id}")
