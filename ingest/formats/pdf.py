"""PDF through pypdf: each page's text is a section of paragraphs that keeps its page
number, so a citation can name the page."""

from __future__ import annotations

import io
import logging

from ..documents import Outline, Section
from ..errors import UnreadableDocument
from .text import paragraphs


def read(data: bytes) -> Outline:
    # pypdf logs recoverable damage at WARNING; we report our own one-line reason instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        page_texts = [(page.extract_text() or "").strip() for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableDocument(f"corrupt PDF: {str(exc).splitlines()[0][:120]}") from exc
    except Exception as exc:  # pypdf raises many internal types on malformed input
        raise UnreadableDocument(f"corrupt PDF ({type(exc).__name__})") from exc
    sections = tuple(Section("", 0, paragraphs(text.replace("\r\n", "\n")), page=number)
                     for number, text in enumerate(page_texts, start=1) if text)
    if not sections:
        raise UnreadableDocument("PDF has no extractable text")
    return Outline(sections, title=str(title).strip() if title else None)
