"""The sidebar: what to search (chapters, decision parts), how to answer, and the index."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from assistant import AnswerMode, Assistant, Settings
from ingest.parts import DECISION_PARTS

from ..present.render import chapter_titles
from .indexing import build_index, summary_line
from .session import reported

EXTRACTIVE, LLM = AnswerMode.EXTRACTIVE, AnswerMode.LLM
MODE_LABELS = {EXTRACTIVE: "Extractive (quotes only)", LLM: "LLM (grounded in passages)"}
MAX_K = 12


@dataclass(frozen=True)
class AskOptions:
    """What the reader chose in the sidebar, passed on to `Assistant.stream`."""

    chapters: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    mode: str = EXTRACTIVE
    k: int = 5


def answer_modes(assistant: Assistant) -> list[str]:
    """Extractive always; the LLM path when the assistant has a chat model configured."""
    return [EXTRACTIVE, LLM] if assistant.llm_available else [EXTRACTIVE]


def render_filters(settings: Settings, assistant: Assistant) -> AskOptions:
    """Draw the search and answer controls; return the reader's choices."""
    files = assistant.snapshot.manifest.files
    titles = chapter_titles((name, entry.chapter) for name, entry in files.items())
    with st.sidebar:
        st.subheader("Search", divider="gray")
        chapters = st.multiselect("Chapters", list(files), format_func=titles.__getitem__,
                                  placeholder="All chapters", key="filter_chapters")
        parts = st.pills("Decision parts", DECISION_PARTS, selection_mode="multi",
                         key="filter_parts",
                         help="Only search these parts of each decision; none means all.")
        k = st.slider("Passages per answer (k)", 1, MAX_K, min(settings.k, MAX_K),
                      key="filter_k")
        modes = answer_modes(assistant)
        # The LLM, when there is one, is the default, as it is for `Assistant.ask`.
        mode = st.radio("Answer mode", modes, index=len(modes) - 1,
                        format_func=MODE_LABELS.__getitem__, key="answer_mode",
                        disabled=len(modes) == 1)
        if len(modes) == 1:
            st.caption("Set `TRADEOFFS_LLM` (e.g. `openai:gpt-4o-mini`) to add LLM answers.")
    return AskOptions(tuple(chapters), tuple(parts or ()), mode or EXTRACTIVE, int(k))


def render_index_status(settings: Settings, assistant: Assistant) -> None:
    """Index figures and the Re-index button."""
    status = assistant.status()
    with st.sidebar:
        st.subheader("Index", divider="gray")
        st.markdown(f"**{status['documents']}** documents · **{status['chunks']}** chunks")
        st.caption(f"Last ingest: {_when(str(status['updated_at']))}  \n"
                   f"Model: {status['model']}  \n"
                   f"Folder: `{status['root']}`")
        root = Path(str(status["root"]))
        if st.button("Re-index", icon=":material/refresh:", key="reindex",
                     help="Index new and changed files in the folder above; unchanged ones "
                          "are skipped."):
            with reported("Re-indexing"):
                summary = build_index(root if root.exists() else settings.corpus_dir, settings)
                st.session_state["index_message"] = summary_line(summary)
                st.rerun()
        message = st.session_state.pop("index_message", None)
        if message:
            st.success(message, icon=":material/check_circle:")


def _when(iso: str) -> str:
    """"2025-06-01 14:03 UTC" from an ISO timestamp."""
    date, _, time = iso.partition("T")
    return f"{date} {time[:5]} UTC" if time else iso
