"""Links as every format reader writes them into canonical Markdown."""

from __future__ import annotations

import re

WEB_URL = re.compile(r"https?://\S", re.IGNORECASE)


def markdown_link(text: str, url: str) -> str:
    """`[text](url)` for a web URL, with the URL as written; the text alone for another
    scheme or a relative path, which lead nowhere from an answer; the URL alone when
    there is no text."""
    text = " ".join(text.split())
    if not WEB_URL.match(url):
        return text or url
    if not text or text == url:
        return url
    if url.count("(") != url.count(")"):
        url = f"<{url}>"  # Markdown's form for a destination it could not otherwise end
    return f"[{text}]({url})"
