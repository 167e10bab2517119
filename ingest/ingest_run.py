"""The state one ingest carries from step to step (see `pipeline`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .embedding import Embedder
from .errors import IndexBroken
from .manifest import Manifest, read_chunks
from .ownership import Marker
from .settings import Settings
from .summary import IngestSummary

# (phase, done, total): phase is "files" or "chunks".
Progress = Callable[[str, int, int], None]


def chunker_signature(settings: Settings) -> str:
    # Bump the version when chunking output changes, so existing indexes are re-chunked.
    # v4: AsciiDoc, reStructuredText and HTML markup read as text and Markdown links;
    # Markdown headings without link, code and HTML marks. v5: merged chunks name the
    # sections they cover.
    return f"v5:{settings.chunk_tokens}:{settings.max_tokens}:{settings.max_chunk_chars}"


@dataclass
class IngestRun:
    """One ingest's inputs and what its steps have found so far."""

    root: Path
    settings: Settings
    rebuild: bool
    progress: Progress | None
    embedder: Embedder | None
    summary: IngestSummary = field(default_factory=IngestSummary)
    old: Manifest | None = None  # the committed index, if one can be read
    marker: Marker | None = None
    copied_from: str | None = None
    previous_id: str | None = None
    current: dict[str, tuple[Path, str]] = field(default_factory=dict)  # name -> (path, sha)
    to_load: list[str] = field(default_factory=list)

    @property
    def index_dir(self) -> Path:
        return self.settings.index_dir

    @property
    def reusable(self) -> bool:
        """Whether the committed chunks stand for the files that did not change."""
        return (self.old is not None and not self.rebuild
                and self.old.chunker == chunker_signature(self.settings)
                and self.old.root == str(self.root))

    def note(self, line: str) -> None:
        self.summary.notices.append(line)


def committed_ids(run: IngestRun) -> set[str]:
    """Every vector id the committed index wrote: its live chunks and pending deletes."""
    old = run.old
    if old is None:
        return set()
    ids = set(old.pending_delete)
    try:
        ids |= {c.id for c in read_chunks(old.generation_dir(run.index_dir) / "chunks.jsonl")}
    except (FileNotFoundError, IndexBroken):
        if not run.rebuild:  # checked before: only a rebuild gets here with them unreadable
            raise
    return ids
