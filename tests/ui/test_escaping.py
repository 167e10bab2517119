"""What the app hands Streamlit's Markdown renderer for text from documents and URLs.

Parsed with markdown-it (CommonMark, as Streamlit's renderer follows it), so the checks
are about what a browser would get: no image, no raw HTML, no link but http(s) or within
the app, and URL text that reads exactly as it was written.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from ui.present.render import WORD_JOINER, escape_markdown, quote_markdown, safe_markdown

HOSTILE = Path(__file__).parents[1] / "fixtures" / "hostile" / "quarantine-node-pools.md"
PARSER = MarkdownIt("commonmark")


def tokens(markdown: str) -> list:
    found = []
    for token in PARSER.parse(markdown):
        found.append(token)
        found.extend(token.children or ())
    return found


def rendered_text(markdown: str) -> str:
    return "".join(t.content for t in tokens(markdown) if t.type in ("text", "code_inline"))


def assert_inert(markdown: str) -> None:
    found = tokens(markdown)
    assert not [t for t in found if t.type == "image"]
    assert not [t for t in found if t.type in ("html_inline", "html_block")]
    for link in (t for t in found if t.type == "link_open"):
        href = link.attrs["href"].lower()
        assert href.startswith(("http://", "https://")) or ":" not in href.split("/")[0], href


@pytest.mark.parametrize("value", [
    "[click me](javascript:alert(1))",
    "![pixel](https://evil.example.com/p.png)",
    "<img src=x onerror=alert(1)>",
    ":red[big] **bold** `code` # heading",
    "Trade-offs > [a](http://x.example)",
    "see www.example.com or mail ops@example.com",
])
def test_url_text_is_shown_exactly_as_written(value):
    escaped = escape_markdown(value)
    assert_inert(escaped)
    assert not [t for t in tokens(escaped) if t.type == "link_open"]
    shown = rendered_text(escaped)
    assert shown.replace(WORD_JOINER, "") == value
    # Streamlit's renderer links bare addresses in the text itself: none is left whole.
    assert not re.search(r"https?:|www\.|@\w", shown)


def test_the_hostile_document_renders_inert_but_keeps_its_words():
    text = HOSTILE.read_text()
    safe = safe_markdown(text)
    assert_inert(safe)
    shown = rendered_text(safe)
    assert '<script>window.__pwned = "script";' in shown  # raw HTML reads as text
    assert "image: quarantine tracking pixel" in shown  # alt text, with the link
    assert "Notebook escape drill" in shown and "Read the incident notes" in shown
    links = [t.attrs["href"] for t in tokens(safe) if t.type == "link_open"]
    assert "https://tracker.example.com/pixel.png?from=quarantine" in links
    assert "https://cdn.example.net/quarantine-layout.svg" in links


@pytest.mark.parametrize("markdown", [
    "[x](JavaScript:alert(1))",
    "[x](java&#115;cript:alert(1))",
    "[x](javascript\\:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![x][r]\n\n[r]: https://remote.example/i.png",
    "![](https://remote.example/i.png)",
    '![x](https://remote.example/i.png "title")',
    "[![badge](https://remote.example/b.svg)](https://ci.example)",
])
def test_no_image_and_no_unsafe_link_survives(markdown):
    assert_inert(safe_markdown(markdown))


def test_code_is_left_exactly_as_written():
    markdown = "```md\n![x](https://remote.example/i.png)\n```\nUse `<img src=x>` here."
    safe = safe_markdown(markdown)
    assert safe.startswith("```md\n![x](https://remote.example/i.png)\n```")
    assert "`<img src=x>`" in safe
    assert_inert(safe)


def test_ordinary_markdown_is_unchanged():
    markdown = ("## Trade-offs\n\n| Option | Cost |\n|---|---|\n| S3 | low |\n\n"
                "- **FSx** for Lustre [1], see [the guide](https://docs.example.com/fsx) "
                "and [storage](documents?file=training-storage.md); latency < 1 ms.")
    assert safe_markdown(markdown) == markdown


def test_quoted_passages_are_inert():
    quote = quote_markdown("Pool layout ![diagram](https://remote.example/d.png)\n<b>bold</b>")
    assert_inert(quote)
    assert "image: [diagram](https://remote.example/d.png)" in quote
