"""The Chat page: questions, streamed cited answers, their sources, feedback and suggestions.

Everything the page shows is drawn from the Exchanges in session state; a new answer is
streamed in place, stored, and then the page reruns to draw it like the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import streamlit as st

from assistant import Answer, Assistant, Notice, Settings, prepare_question

from ..present.conversation import Exchange, history
from ..present.export import conversation_markdown
from ..present.feedback import RATINGS, FeedbackRecord, FeedbackStore, citations_json
from ..present.question_log import record_answer
from ..present.render import escape_markdown, follow_ups, safe_markdown
from .answer_view import (
    copy_button,
    show_answer,
    show_sources,
)
from .indexing import render_no_index
from .masthead import Masthead, masthead
from .session import reported
from .sidebar import EXTRACTIVE, AskOptions, render_filters, render_index_status

EXCHANGES = "exchanges"
PENDING = "pending_question"  # a question picked from a button, asked on the next run
FEEDBACK_ROWS = "feedback_rows"  # exchange id -> (row id, rating) already stored
# The answer being streamed. A run that ends before the stream does (Stop, or any other
# click) leaves it here, and the next run keeps it as a stopped answer.
STREAMING = "streaming_answer"
USER_AVATAR, ASSISTANT_AVATAR = ":material/person:", ":material/balance:"



def render(settings: Settings, assistant: Assistant | None, documents: st.Page) -> None:
    """Draw the chat page; with no index, offer to build one."""
    if assistant is None:
        render_no_index(settings)
        return
    options = render_filters(settings, assistant)
    render_index_status(settings, assistant)
    exchanges: list[Exchange] = st.session_state.setdefault(EXCHANGES, [])
    stopped = st.session_state.pop(STREAMING, None)
    if stopped is not None:
        exchanges.append(stopped)
    _header(exchanges, _masthead(settings, assistant))
    for i, exchange in enumerate(exchanges):
        latest = i == len(exchanges) - 1
        _show_exchange(exchange, settings, documents, assistant if latest else None)
    if not exchanges:
        _starters(assistant)
    typed = st.chat_input("Ask about an architecture decision…", key="question")
    picked = st.session_state.pop(PENDING, None)
    question = typed or picked
    if question:
        _answer(question, assistant, options, exchanges)


@st.cache_data(show_spinner=False, max_entries=8)
def _cached_masthead(key: tuple[object, ...], _settings: Settings,
                     _assistant: Assistant) -> Masthead:
    del key  # the index generation and the settings it depends on
    snapshot = _assistant.snapshot
    files = {name: entry.chapter for name, entry in snapshot.manifest.files.items()}
    return masthead(_settings, files, snapshot.chunks)


def _masthead(settings: Settings, assistant: Assistant) -> Masthead:
    """Worked out once per index generation, not on every page run."""
    key = (str(settings.index_dir), assistant.snapshot.manifest.generation, settings.title,
           settings.subtitle)
    return _cached_masthead(key, settings, assistant)


def _header(exchanges: list[Exchange], head: Masthead) -> None:
    title, actions = st.columns([1, 1], vertical_alignment="bottom")
    # The corpus's own words: shown as text, never as Markdown or HTML.
    title.title(escape_markdown(head.title), anchor=False)
    title.caption(escape_markdown(head.subtitle))
    if not exchanges:
        return
    with actions.container(horizontal=True, horizontal_alignment="right"):
        st.button("Clear conversation", icon=":material/delete_sweep:", key="new_chat",
                  on_click=_new_chat)
        now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        st.download_button("Export conversation", conversation_markdown(exchanges, now),
                           file_name="tradeoffs-conversation.md", mime="text/markdown",
                           icon=":material/download:", key="export", on_click="ignore")


def _new_chat() -> None:
    st.session_state[EXCHANGES] = []
    st.session_state.pop(STREAMING, None)  # an answer cut short by this click goes too


def _ask_later(question: str) -> None:
    st.session_state[PENDING] = question


def _regenerate(exchange_id: str) -> None:
    """Ask the latest question again, in place of its answer."""
    exchanges: list[Exchange] = st.session_state.get(EXCHANGES, [])
    if exchanges and exchanges[-1].id == exchange_id:
        _ask_later(exchanges.pop().question)


def _starters(assistant: Assistant) -> None:
    questions = assistant.starter_questions(4)
    if not questions:
        return
    st.markdown("Ask a question about a decision, or start with one of these:")
    columns = st.columns(2)
    for i, question in enumerate(questions):  # derived from headings: shown as text
        columns[i % 2].button(safe_markdown(question), key=f"starter-{i}", on_click=_ask_later,
                              args=(question,), width="stretch")


def _answer(question: str, assistant: Assistant, options: AskOptions,
            exchanges: list[Exchange]) -> None:
    with st.chat_message("user", avatar=USER_AVATAR):
        st.markdown(safe_markdown(question))
    with st.chat_message("assistant", avatar=ASSISTANT_AVATAR):
        # Clicking it starts a new run, which ends this one where it is.
        st.button("Stop", icon=":material/stop_circle:", key="stop", type="tertiary",
                  help="Stop the answer here; what has arrived so far is kept.")
        placeholder = st.empty()
        with reported("Answering"):
            exchange = _ask(question, assistant, options, exchanges, placeholder)
            exchanges.append(exchange)
            record_answer(assistant.settings, exchange.question, exchange.answer, source="app")
            st.rerun()


def _ask(question: str, assistant: Assistant, options: AskOptions, exchanges: list[Exchange],
         placeholder: st.delta_generator.DeltaGenerator) -> Exchange:
    question, _ = prepare_question(question)  # as the exchange shows it; the notice comes back
    pieces = assistant.stream(question, history(exchanges), chapters=options.chapters or None,
                              k=options.k, parts=options.parts or None, mode=options.mode)
    stopped = Exchange(question, _partial(""), options.mode, stopped=True)
    return Exchange(question, _show_stream(pieces, placeholder, stopped), options.mode)


def _partial(text: str) -> Answer:
    """What a stopped stream leaves: its text so far, with nothing checked or cited."""
    return Answer(text=text, citations=(), passages=(), refused=False, body=text)


def _show_stream(pieces: Iterator[str | Notice | Answer],
                 placeholder: st.delta_generator.DeltaGenerator, stopped: Exchange) -> Answer:
    text, answer = "", None
    try:
        for piece in pieces:
            match piece:
                case Answer():
                    answer = piece
                    continue
                case Notice():
                    text = f"_{piece.text}_\n\n"  # what came before it is dropped
                case str():
                    text += piece
            st.session_state[STREAMING] = replace(stopped, answer=_partial(text))
            placeholder.markdown(safe_markdown(text) + " ▌")  # a pending Stop ends it here
    except Exception:  # a failure is reported, not kept as a stopped answer
        st.session_state.pop(STREAMING, None)
        raise
    # Stop ends the run with a BaseException, which skips both pops: the text stays.
    st.session_state.pop(STREAMING, None)
    if answer is None:
        raise RuntimeError("the answer stream ended without an answer")
    return answer


def _show_exchange(exchange: Exchange, settings: Settings, documents: st.Page,
                   suggest_from: Assistant | None) -> None:
    """One question and its answer; the latest also offers follow-up questions."""
    with st.chat_message("user", avatar=USER_AVATAR):
        st.markdown(safe_markdown(exchange.question))  # may come from a heading
    with st.chat_message("assistant", avatar=ASSISTANT_AVATAR):
        show_answer(exchange)
        show_sources(exchange, documents)
        with st.container(horizontal=True, vertical_alignment="center",
                          key=f"actions-{exchange.id}"):
            copy_button(exchange)
            if suggest_from is not None:
                st.button("Regenerate", icon=":material/refresh:", type="tertiary",
                          key=f"regenerate-{exchange.id}", on_click=_regenerate,
                          args=(exchange.id,), help="Answer this question again.")
            _rating(exchange, settings)
        _comment(exchange, settings)
        if suggest_from is not None:
            _suggestions(exchange, suggest_from)


def _rating(exchange: Exchange, settings: Settings) -> None:
    if not FeedbackStore(settings.feedback_db).writable():
        st.caption(f"Feedback is off: {escape_markdown(str(settings.feedback_db))} cannot be "
                   "written (a read-only folder).")
        return
    rows: dict[str, tuple[int, str]] = st.session_state.setdefault(FEEDBACK_ROWS, {})
    value = st.feedback("thumbs", key=f"rating-{exchange.id}")
    if value is None:
        return
    with reported("Saving feedback"):
        _store_rating(exchange, settings, RATINGS[value], rows)
    commented = st.session_state.get(f"commented-{exchange.id}", False)
    if exchange.id in rows:
        st.caption("Thanks, your comment is saved." if commented
                   else "Thanks, your rating is saved.")


def _comment(exchange: Exchange, settings: Settings) -> None:
    rows: dict[str, tuple[int, str]] = st.session_state.setdefault(FEEDBACK_ROWS, {})
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
        mode = EXTRACTIVE if exchange.answer.fell_back else exchange.mode
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
