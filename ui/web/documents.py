"""The Documents page: every indexed chapter, readable, with the cited section marked.

Opened from a source link as `documents?file=<chapter file>&section=<A > B > C>`, it
shows that chapter, puts the cited section in a highlighted box and scrolls to it, so
a reader can always check what an answer was built from. Document text is rendered
as Markdown through `safe_markdown` (raw HTML as text, no images loaded, links only to
http(s) or within the app); anything from the URL is shown escaped, as plain text.
"""

from __future__ import annotations

from collections.abc import Collection

import streamlit as st

from assistant import Assistant, Settings

from ..present.render import chapter_titles, escape_markdown, parse_section, safe_markdown
from .chapters import (
    ChapterText,
    link_chapters,
    read_chapter,
    readable,
    section_span,
    split_chapter,
)
from .indexing import render_no_index
from .session import reported
from .sidebar import render_index_status

URL_PATH = "documents"
READER_KEY = "chapter-reader"
CITED_KEY = "cited-section"  # Streamlit gives the box the CSS class st-key-cited-section

# Our own constant script (no document text in it): bring the cited box into view once
# the page has drawn it. It runs in a same-origin frame, so it reaches the page.
_SCROLL_SCRIPT = """<script>
let tries = 0;
const timer = setInterval(() => {
  const box = window.parent.document.querySelector(".st-key-__CITED__");
  if (box || ++tries > 50) {
    clearInterval(timer);
    if (box) box.scrollIntoView({block: "start"});
  }
}, 100);
</script>""".replace("__CITED__", CITED_KEY)


def render(settings: Settings, assistant: Assistant | None) -> None:
    """Draw the Documents page for the chapter and section named in the URL."""
    if assistant is None:
        render_no_index(settings)
        return
    files = assistant.snapshot.manifest.files
    if not files:
        st.info("The index holds no documents yet.")
        render_index_status(settings, assistant)
        return
    requested = st.query_params.get("file")
    section = parse_section(st.query_params.get("section"))
    current = requested if requested in files else next(iter(files))
    titles = {file: escape_markdown(title) for file, title in
              chapter_titles((name, entry.chapter) for name, entry in files.items()).items()}
    with st.sidebar:
        st.subheader("Chapters", divider="gray")
        # Keyed by the chapter in the URL, so following a source link resets the choice.
        choice = st.radio("Chapters", list(files), index=list(files).index(current),
                          format_func=titles.__getitem__, key=f"chapter-{current}",
                          captions=[f"{e.chunks} chunks" for e in files.values()],
                          label_visibility="collapsed")
    render_index_status(settings, assistant)
    if choice and choice != current:
        st.query_params.clear()
        st.query_params["file"] = choice
        st.rerun()
    if requested and requested not in files:
        st.error("That link names a file that is not in the index; showing the first chapter.",
                 icon=":material/error:")
    marked = False
    with st.container(key=READER_KEY), reported("Opening the chapter"):
        marked = _show_chapter(assistant, current, section if requested == current else ())
    if marked:
        st.iframe(_SCROLL_SCRIPT, height=1)  # outside the chapter: no frame among its text


def _show_chapter(assistant: Assistant, file: str, section: tuple[str, ...]) -> bool:
    """Draw the chapter; True when a cited section is marked in it."""
    manifest = assistant.snapshot.manifest
    entry = manifest.files[file]
    st.caption(f":material/menu_book: Documents · {escape_markdown(file)} · "
               f"{entry.chunks} chunks · indexed {entry.indexed_at.replace('T', ' ')[:16]} UTC")
    if not readable(file):
        _show_chunks(assistant, file)
        return False
    chapter = read_chapter(manifest.root, file, manifest.files, entry.sha256)
    if chapter.changed:
        st.warning("This file changed after it was indexed: re-index so that citations "
                   "point at the right place.", icon=":material/warning:")
    span = None if chapter.changed else section_span(assistant.snapshot.chunks, file, section)
    if section and span is None and not chapter.changed:
        st.warning(f"The section “{escape_markdown(section[-1])}” is not in this chapter any more.",
                   icon=":material/warning:")
    view = split_chapter(chapter.text, span)
    if not view.cited or not (view.before.strip() or view.after.strip()):
        # Nothing cited, or the cited section is the whole chapter: nothing to mark.
        _show_text(chapter, chapter.text, manifest.files)
        return False
    _show_text(chapter, view.before, manifest.files)
    with st.container(border=True, key=CITED_KEY):
        st.caption(":material/format_quote: Cited section")
        _show_text(chapter, view.cited, manifest.files)
    _show_text(chapter, view.after, manifest.files)
    return True


def _show_text(chapter: ChapterText, text: str, known: Collection[str]) -> None:
    if not text.strip():
        return
    if chapter.is_markdown:
        st.markdown(safe_markdown(link_chapters(text, chapter.file, known, URL_PATH)))
    else:
        st.text(text)


def _show_chunks(assistant: Assistant, file: str) -> None:
    """Formats we cannot show as text (PDF): the indexed text, page by page."""
    st.info("This is the text the index extracted from the file.", icon=":material/info:")
    page = None
    for chunk in assistant.snapshot.chunks:
        if chunk.file != file:
            continue
        if chunk.page != page:
            page = chunk.page
            st.markdown(f"**Page {page}**" if page else "**Text**")
        st.text(chunk.text)
