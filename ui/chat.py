"""The Chat page: questions, streamed cited answers, their sources, feedback and suggestions.

Everything the page shows is drawn from the Exchanges in session state; a new answer is
streamed in place, stored, and then the page reruns to draw it like the others.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime

import streamlit as st

from assistant import Answer, Assistant, Citation, Settings, TradeoffsError
from assistant.core import prepare_question

from .conversation import Exchange, history
from .export import conversation_markdown
from .feedback import RATINGS, FeedbackRecord, FeedbackStore, citations_json
from .indexing import render_no_index
from .render import (
    STARTER_QUESTIONS,
    comparison_rows,
    follow_ups,
    quote_markdown,
    safe_markdown,
    source_query,
    split_answer,
)
from .session import reported
from .sidebar import EXTRACTIVE, LLM, AskOptions, render_filters, render_index_status

EXCHANGES = "exchanges"
PENDING = "pending_question"  # a question picked from a button, asked on the next run
FEEDBACK_ROWS = "feedback_rows"  # exchange id -> (row id, rating) already stored
USER_AVATAR, ASSISTANT_AVATAR = ":material/person:", ":material/balance:"
FALLBACK_NOTICE = "The language model could not answer, so this is the extractive answer."

log = logging.getLogger("tradeoffs.ui")


def render(settings: Settings, assistant: Assistant | None, documents: st.Page) -> None:
    """Draw the chat page; with no index, offer to build one."""
    if assistant is None:
        render_no_index(settings)
        return
    options = render_filters(settings, assistant)
    render_index_status(settings, assistant)
    exchanges: list[Exchange] = st.session_state.setdefault(EXCHANGES, [])
    _header(exchanges)
    for i, exchange in enumerate(exchanges):
        latest = i == len(exchanges) - 1
        _show_exchange(exchange, settings, documents, assistant if latest else None)
    if not exchanges:
        _starters()
    typed = st.chat_input("Ask about an AI/ML-on-EKS architecture decision…", key="question")
    picked = st.session_state.pop(PENDING, None)
    question = typed or picked
    if question:
        _answer(question, assistant, options, exchanges)


def _header(exchanges: list[Exchange]) -> None:
    title, actions = st.columns([1, 1], vertical_alignment="bottom")
    title.title("tradeoffs")
    title.caption("Cited answers to AI/ML-on-EKS architecture decisions, from the documents.")
    if not exchanges:
        return
    with actions.container(horizontal=True, horizontal_alignment="right"):
        st.button("New chat", icon=":material/add_comment:", key="new_chat", on_click=_new_chat)
        now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        st.download_button("Export conversation", conversation_markdown(exchanges, now),
                           file_name="tradeoffs-conversation.md", mime="text/markdown",
                           icon=":material/download:", key="export", on_click="ignore")


def _new_chat() -> None:
    st.session_state[EXCHANGES] = []


def _ask_later(question: str) -> None:
    st.session_state[PENDING] = question


def _starters() -> None:
    st.markdown("Ask a question about a decision, or start with one of these:")
    columns = st.columns(2)
    for i, question in enumerate(STARTER_QUESTIONS):
        columns[i % 2].button(question, key=f"starter-{i}", on_click=_ask_later,
                              args=(question,), width="stretch")


def _answer(question: str, assistant: Assistant, options: AskOptions,
            exchanges: list[Exchange]) -> None:
    with st.chat_message("user", avatar=USER_AVATAR):
        st.markdown(safe_markdown(question))
    with st.chat_message("assistant", avatar=ASSISTANT_AVATAR):
        placeholder = st.empty()
        with reported("Answering"):
            exchanges.append(_ask(question, assistant, options, exchanges, placeholder))
            st.rerun()


def _ask(question: str, assistant: Assistant, options: AskOptions, exchanges: list[Exchange],
         placeholder: st.delta_generator.DeltaGenerator) -> Exchange:
    question, notice = prepare_question(question)
    notices = [f"Note: {notice}."] if notice else []

    def stream(mode: str) -> Iterator[str | Answer]:
        return assistant.stream(question, history(exchanges), chapters=options.chapters or None,
                                k=options.k, parts=options.parts or None, mode=mode)

    try:
        answer = _show_stream(stream(options.mode), placeholder)
    except TradeoffsError:
        raise
    except Exception:
        if options.mode != LLM:
            raise
        log.exception("the LLM answer failed; answering extractively")
        notices.append(FALLBACK_NOTICE)
        return Exchange(question, _show_stream(stream(EXTRACTIVE), placeholder), EXTRACTIVE,
                        tuple(notices))
    return Exchange(question, answer, options.mode, tuple(notices))


def _show_stream(pieces: Iterator[str | Answer],
                 placeholder: st.delta_generator.DeltaGenerator) -> Answer:
    text, answer = "", None
    for piece in pieces:
        if isinstance(piece, Answer):
            answer = piece
        else:
            text += piece
            placeholder.markdown(safe_markdown(text) + " ▌")
    if answer is None:
        raise RuntimeError("the answer stream ended without an answer")
    return answer


def _show_exchange(exchange: Exchange, settings: Settings, documents: st.Page,
                   suggest_from: Assistant | None) -> None:
    """One question and its answer; the latest also offers follow-up questions."""
    with st.chat_message("user", avatar=USER_AVATAR):
        st.markdown(safe_markdown(exchange.question))  # may come from a heading
    with st.chat_message("assistant", avatar=ASSISTANT_AVATAR):
        _show_answer(exchange)
        _show_sources(exchange.answer.citations, documents)
        _feedback(exchange, settings)
        if suggest_from is not None:
            _suggestions(exchange, suggest_from)


def _show_answer(exchange: Exchange) -> None:
    answer = exchange.answer
    parts = split_answer(answer)
    for notice in exchange.notices:
        if notice != FALLBACK_NOTICE:
            st.caption(notice)
    if parts.fell_back or FALLBACK_NOTICE in exchange.notices:
        st.warning(FALLBACK_NOTICE, icon=":material/warning:")
    if answer.refused:
        st.info(parts.before, icon=":material/block:")
        return
    if parts.not_covered:
        st.warning("Not covered by the documents: " + ", ".join(parts.not_covered) + ".",
                   icon=":material/help:")
    if not parts.before and answer.comparison is None:
        st.info("None of the passages found answers this directly: try rephrasing, or widen "
                "the chapter and decision-part filters.", icon=":material/search_off:")
    if parts.before:
        st.markdown(parts.before)
    if answer.comparison is not None:
        st.table(comparison_rows(answer.comparison), hide_index=True)
    if parts.after:
        st.markdown(parts.after)


def _show_sources(citations: tuple[Citation, ...], documents: st.Page) -> None:
    if not citations:
        return
    st.markdown("**Sources**")
    for citation in citations:
        label = safe_markdown(f"[{citation.n}] {citation.label}")  # headings load nothing
        with st.expander(label, icon=":material/format_quote:"):
            st.markdown(quote_markdown(citation.quote))
            st.page_link(documents, label=f"Open {safe_markdown(citation.file)} at this section",
                         icon=":material/menu_book:", query_params=source_query(citation))


def _feedback(exchange: Exchange, settings: Settings) -> None:
    rows: dict[str, tuple[int, str]] = st.session_state.setdefault(FEEDBACK_ROWS, {})
    with st.container(horizontal=True, vertical_alignment="center"):
        value = st.feedback("thumbs", key=f"rating-{exchange.id}")
        if value is None:
            return
        with reported("Saving feedback"):
            _store_rating(exchange, settings, RATINGS[value], rows)
        commented = st.session_state.get(f"commented-{exchange.id}", False)
        if exchange.id in rows:
            st.caption("Thanks, your comment is saved." if commented
                       else "Thanks, your rating is saved.")
    if exchange.id not in rows:
        return
    with st.form(key=f"comment-{exchange.id}", border=False, enter_to_submit=True):
        with st.container(horizontal=True, vertical_alignment="bottom"):
            comment = st.text_input("Comment (optional)", key=f"comment-text-{exchange.id}",
                                    max_chars=settings.max_feedback_chars,
                                    placeholder="Add a comment: what was missing or wrong?",
                                    label_visibility="collapsed")
            sent = st.form_submit_button("Send comment")
    if sent:
        with reported("Saving the comment"):
            text = comment.strip()[:settings.max_feedback_chars]  # the widget caps typing
            FeedbackStore(settings.feedback_db).update(rows[exchange.id][0], comment=text)
            st.session_state[f"commented-{exchange.id}"] = True
            st.rerun()


def _store_rating(exchange: Exchange, settings: Settings, rating: str,
                  rows: dict[str, tuple[int, str]]) -> None:
    """Add the answer's feedback row, or change its rating; each write is committed."""
    store = FeedbackStore(settings.feedback_db)
    stored = rows.get(exchange.id)
    if stored is None:
        mode = EXTRACTIVE if split_answer(exchange.answer).fell_back else exchange.mode
        row_id = store.add(FeedbackRecord(
            question=exchange.question, answer=exchange.answer.text,
            citations=citations_json(exchange.answer.citations), mode=mode, rating=rating))
        rows[exchange.id] = (row_id, rating)
    elif stored[1] != rating:
        store.update(stored[0], rating=rating)
        rows[exchange.id] = (stored[0], rating)


def _suggestions(exchange: Exchange, assistant: Assistant) -> None:
    sections = dict.fromkeys(chunk.section_path for chunk in assistant.snapshot.chunks)
    questions = follow_ups(exchange.question, exchange.answer, sections)
    if not questions:
        return
    st.caption("Related questions")
    with st.container(horizontal=True, key="follow-ups"):
        for i, question in enumerate(questions):
            st.button(safe_markdown(question), key=f"follow-{exchange.id}-{i}",
                      on_click=_ask_later,
                      args=(question,), icon=":material/subdirectory_arrow_right:")
