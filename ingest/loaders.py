"""Read files into Documents. The only module of `ingest` that opens source files.

Each problem becomes an `UnreadableDocument` with a one-line reason; the caller skips
that file, names it in the summary and goes on with the rest.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from .documents import Document, Format, Page
from .errors import UnreadableDocument

FORMATS: dict[str, Format] = {
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".txt": Format.TEXT,
    ".text": Format.TEXT,
    ".pdf": Format.PDF,
}


def discover(root: Path) -> list[Path]:
    """Every file under `root` in a format we load, skipping hidden files and folders."""
    if root.is_file():
        return [root] if root.suffix.lower() in FORMATS else []
    return sorted(
        p for p in root.rglob("*")
        if p.is_file() and p.suffix.lower() in FORMATS
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def relative_name(path: Path, root: Path) -> str:
    return path.name if root.is_file() else path.relative_to(root).as_posix()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load(path: Path, root: Path) -> Document:
    """Load one file, or raise UnreadableDocument with the reason."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnreadableDocument(f"unsupported file type {path.suffix or '(none)'}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"cannot read file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise UnreadableDocument("empty file")
    name = relative_name(path, root)
    digest = hashlib.sha256(data).hexdigest()
    if fmt is Format.PDF:
        return _load_pdf(data, name, digest)
    return Document(name, _decode_text(data), fmt, digest)


def _decode_text(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise UnreadableDocument("binary content in a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(f"not valid UTF-8 text (byte {exc.start})") from exc
    # Control characters other than whitespace mean this is not prose.
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 8:
        raise UnreadableDocument("binary content in a text file")
    text = text.replace("\r\n", "\n")
    if not text.strip():
        raise UnreadableDocument("empty file")
    return text


def _load_pdf(data: bytes, name: str, digest: str) -> Document:
    import io

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
    pages: list[Page] = []
    parts: list[str] = []
    offset = 0
    for number, text in enumerate(page_texts, start=1):
        if not text:
            continue
        if parts:
            offset += 2  # the blank line that joins pages
        pages.append(Page(number, offset, offset + len(text)))
        parts.append(text)
        offset += len(text)
    if not parts:
        raise UnreadableDocument("PDF has no extractable text")
    return Document(name, "\n\n".join(parts), Format.PDF, digest, tuple(pages),
                    title=str(title).strip() if title else None)
