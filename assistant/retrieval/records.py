"""A document's decision record and provenance, as the ingest recorded them, in the
assistant's own typed values (see `ingest.records`)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from ingest.records import DocumentFacts, Facts

from ..models import Passage, Record, Source


def record_of(facts: DocumentFacts | None) -> Record | None:
    if facts is None or not facts.is_record:
        return None
    return Record(
        status=facts.status.value if facts.status else None,
        standing=facts.standing.value if facts.standing else None,
        status_text=facts.status_text,
        number=facts.number, title=facts.title, date=facts.date,
        supersedes=facts.supersedes, superseded_by=facts.superseded_by,
        amends=facts.amends, amended_by=facts.amended_by)


def source_of(facts: DocumentFacts | None, section_path: tuple[str, ...]) -> Source | None:
    if facts is None:
        return None
    # A heading's anchor, not a line: offsets are in the canonical text, not the file.
    anchor = section_path[-1] if len(section_path) > 1 else None
    return Source(url=facts.link(anchor=anchor), last_changed=facts.last_changed or None)


def with_facts(passage: Passage, facts: Facts) -> Passage:
    """The passage with its document's record and source."""
    known = facts.of(passage.file)
    if known is None:
        return passage
    # A merged passage's link opens at the first section it holds.
    path = passage.section_path + passage.covers[:1]
    return replace(passage, record=record_of(known), source=source_of(known, path))


def files_with_status(facts: Facts, statuses: Collection[str],
                      within: Sequence[str] | None = None) -> list[str]:
    """The records whose status is one of `statuses`; a record a later one replaces counts
    as superseded whatever its own status line says."""
    files = []
    for known in facts.records():
        status = known.status.value if known.status else None
        replaced = known.superseded_by and known.in_force is False
        if status in statuses or (replaced and "superseded" in statuses):
            files.append(known.file)
    if within:
        names = set(within)
        files = [f for f in files if f in names or f.rsplit("/", 1)[-1] in names]
    return files
