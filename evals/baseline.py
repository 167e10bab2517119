"""A naive LangChain retrieval baseline over the same files and the same embedding model.

Fixed-size character chunks (`RecursiveCharacterTextSplitter`, 1000 characters with 200
of overlap) in a Chroma collection of their own, queried by plain similarity top-k.
Scored on retrieval metrics only. A chunk's section_path is the Markdown heading path
at its start offset, so the section metrics read it the way they read our passages.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.documents import Document as LCDocument
from langchain_core.embeddings import Embeddings

from ingest.documents import Format
from ingest.embedding import MODEL_NAME, Embedder
from ingest.errors import UnreadableDocument
from ingest.loaders import discover, file_digest, load, relative_name
from ingest.markdown import Section, parse_sections

from .questions import Question
from .runner import Record

NAME = "langchain-baseline"
CHUNK_SIZE, CHUNK_OVERLAP = 1000, 200
COLLECTION = "langchain_baseline"
FINGERPRINT = "fingerprint.json"
Tick = Callable[[], None]


class EmbedderEmbeddings(Embeddings):
    """Our loaded embedder as a LangChain `Embeddings`, so both sides use one model."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed([text])[0].tolist()


def heading_path_at(sections: Sequence[Section], offset: int) -> tuple[str, ...]:
    """The heading path of the section that contains character `offset` (sections in
    document order); empty before the first heading."""
    path: tuple[str, ...] = ()
    for section in sections:
        if section.start > offset:
            break
        path = section.path
    return path


def split_documents(root: Path) -> list[LCDocument]:
    """Every loadable file under `root`, split into fixed-size chunks with their
    file (relative path), start/end offsets and section_path in the metadata."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP,
                                              add_start_index=True)
    chunks: list[LCDocument] = []
    for path in discover(root):
        try:
            doc = load(path, root)
        except UnreadableDocument:
            continue  # the ingest summary names unreadable files; the baseline skips the same
        sections = parse_sections(doc.text) if doc.format is Format.MARKDOWN else []
        for piece in splitter.create_documents([doc.text]):
            start = int(piece.metadata["start_index"])
            piece.metadata = {
                "file": doc.file, "start": start, "end": start + len(piece.page_content),
                "section_path": json.dumps(list(heading_path_at(sections, start))),
            }
            chunks.append(piece)
    return chunks


@dataclass
class Baseline:
    """The baseline's Chroma collection, built (or reused) under `directory`."""

    directory: Path
    embeddings: EmbedderEmbeddings
    store: Any  # langchain_chroma.Chroma

    @classmethod
    def build(cls, root: Path, directory: Path, embedder: Embedder) -> Baseline:
        """Open the collection, re-embedding only when the files, the splitter or the
        model changed since it was built."""
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma

        root = root.resolve()
        fingerprint = _fingerprint(root)
        stamp = directory / FINGERPRINT
        fresh = not (stamp.is_file() and stamp.read_text() == fingerprint)
        directory.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(path=str(directory / "chroma"),
                                           settings=ChromaSettings(anonymized_telemetry=False))
        if fresh:
            # Drop the stale collection through the client: removing its files under a
            # client that this process already opened leaves that client unusable.
            stamp.unlink(missing_ok=True)
            if COLLECTION in {c.name for c in client.list_collections()}:
                client.delete_collection(COLLECTION)
        embeddings = EmbedderEmbeddings(embedder)
        store = Chroma(collection_name=COLLECTION, embedding_function=embeddings, client=client,
                       collection_configuration={"hnsw": {"space": "cosine"}})
        if fresh:
            chunks = split_documents(root)
            for start in range(0, len(chunks), 256):
                store.add_documents(chunks[start:start + 256])
            stamp.write_text(fingerprint)
        return cls(directory, embeddings, store)

    def search(self, question: str, k: int) -> list[dict[str, Any]]:
        """Top-k chunks by similarity, as passages."""
        hits = self.store.similarity_search_with_score(question, k=k)
        return [{"file": doc.metadata["file"],
                 "section_path": json.loads(doc.metadata["section_path"]),
                 "start": doc.metadata["start"], "end": doc.metadata["end"],
                 "text": doc.page_content, "score": round(1.0 - float(distance), 4)}
                for doc, distance in hits]

    def ask_all(self, questions: Sequence[Question], k: int,
                tick: Tick | None = None) -> list[Record]:
        """One retrieval-only record per question (no answer, nothing cited)."""
        if questions:
            self.search(questions[0].question, k)  # warm-up, as for our configurations
        records = []
        for question in questions:
            started = time.perf_counter()
            passages = self.search(question.question, k)
            latency = (time.perf_counter() - started) * 1000
            records.append({**question.gold(), "answer": "", "refused": False,
                            "not_covered": [], "citations": [], "passages": passages,
                            "latency_ms": round(latency, 2)})
            if tick:
                tick()
        return records


def _fingerprint(root: Path) -> str:
    files = {relative_name(p, root): file_digest(p) for p in discover(root)}
    identity = {"model": MODEL_NAME, "chunk_size": CHUNK_SIZE, "overlap": CHUNK_OVERLAP,
                "root": str(root), "files": files}
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()
