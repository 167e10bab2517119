"""Building or refreshing the index from the app, with a progress bar."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assistant import Settings, UsageError
from ingest.pipeline import IngestSummary, ingest

from ..present.render import escape_markdown
from .session import forget_assistant, reported, shared_embedder

PHASES = {"files": "Reading files", "chunks": "Embedding chunks"}


def build_index(root: Path, settings: Settings) -> IngestSummary:
    """Run the incremental ingest of `root`, showing progress, then drop the cached assistant."""
    if not root.exists():
        raise UsageError(f"{root} does not exist; set TRADEOFFS_CORPUS_DIR to your documents")
    bar = st.progress(0.0, text="Starting…")

    def progress(phase: str, done: int, total: int) -> None:
        label = PHASES.get(phase, phase.capitalize())
        bar.progress(min(done / total, 1.0) if total else 1.0, text=f"{label}: {done}/{total}")

    summary = ingest(root, settings, progress=progress,
                     embedder=shared_embedder(settings))
    bar.empty()
    forget_assistant()
    return summary


def summary_line(summary: IngestSummary) -> str:
    """What an ingest did, in one line."""
    line = (f"{len(summary.added)} added, {len(summary.changed)} changed, "
            f"{len(summary.unchanged)} unchanged, {len(summary.removed)} removed; "
            f"{summary.chunks_embedded} of {summary.chunks_total} chunks embedded "
            f"in {summary.seconds:.1f} s")
    if summary.skipped:  # every file not indexed: unreadable, too large, unsupported, a loop
        skipped = "; ".join(f"{name} ({reason})" for name, reason in summary.skipped.items())
        line += f". Skipped: {escape_markdown(skipped)}"  # file names are shown as written
    return line


def render_no_index(settings: Settings) -> None:
    """A friendly way in when nothing has been indexed yet."""
    st.title("tradeoffs")
    st.info(f"There is no index at `{settings.index_dir}` yet. Build it from the documents in "
            f"`{settings.corpus_dir}` to start asking questions; it takes a few minutes the "
            "first time.", icon=":material/info:")
    if st.button("Build the index", type="primary", icon=":material/build:", key="build_index"):
        with reported("Building the index"):
            summary = build_index(settings.corpus_dir, settings)
            st.session_state["index_message"] = summary_line(summary)
            st.rerun()
