"""What an ingest did, file by file, for the command line, the app and the API."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class IngestSummary:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # file -> why it did not load
    # Files not opened at all (unsupported type, too large, a link out of the root).
    passed_over: dict[str, str] = field(default_factory=dict)
    chunks_embedded: int = 0
    chunks_total: int = 0
    seconds: float = 0.0
    index: str = ""
    # What the ingest found and did about it: a copied index's new collection, a
    # repaired store, a damaged store moved aside. One line each.
    notices: list[str] = field(default_factory=list)

    @property
    def indexed(self) -> int:
        return len(self.added) + len(self.changed) + len(self.unchanged)

    @property
    def skipped(self) -> dict[str, str]:
        """Every file under the root that is not in the index, with its reason, by name."""
        return dict(sorted({**self.passed_over, **self.failed}.items()))

    def as_dict(self) -> dict[str, object]:
        return {
            "files": {
                "added": len(self.added), "changed": len(self.changed),
                "unchanged": len(self.unchanged), "removed": len(self.removed),
                "failed": len(self.failed),
            },
            "failed": self.failed,
            "indexed": self.indexed,
            "skipped": [{"file": f, "reason": r} for f, r in self.skipped.items()],
            "chunks_embedded": self.chunks_embedded,
            "chunks_total": self.chunks_total,
            "seconds": round(self.seconds, 3),
            "index": self.index,
            "notices": self.notices,
        }
