"""The ingest step that keeps facts: each file's raw record travels with its manifest
entry, so an unchanged file is never read again; at commit, the records of all live
files are read with the current status words, linked, and written beside the chunks."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from ..errors import UnreadableDocument
from ..loaders import load
from ..manifest import FileEntry, Manifest
from ..provenance import provenance
from ..settings import Settings
from .facts import FORMAT, Facts, build_facts
from .metadata import READER, RawRecord, read_raw
from .states import StatusWords, parse_statuses

# The files of an ingest: display name -> (path, sha256), as the pipeline surveys them.
Current = Mapping[str, tuple[Path, str]]


def facts_key(settings: Settings) -> str:
    """The settings a generation's facts depend on: a change writes them again."""
    return json.dumps([FORMAT, settings.statuses, settings.source_url])


def facts_current(manifest: Manifest, settings: Settings) -> bool:
    """Whether the committed generation's facts are complete and follow `settings`."""
    return (manifest.facts == facts_key(settings)
            and all(_read_now(e.record) for e in manifest.files.values()))


def with_records(root: Path, entries: Mapping[str, FileEntry],
                 current: Current) -> dict[str, FileEntry]:
    """`entries` with a raw record each; a file indexed before records were kept, or read
    by an older reader, is read again for it (its text only: nothing is chunked or
    embedded)."""
    out = dict(entries)
    for name, entry in entries.items():
        if not _read_now(entry.record) and name in current:
            try:
                raw = read_raw(load(current[name][0], root))
            except UnreadableDocument:
                raw = RawRecord()  # it was readable when it was indexed; no record now
            out[name] = replace(entry, record=raw.to_dict())
    return out


def facts_of(root: Path, entries: Mapping[str, FileEntry], current: Current,
             settings: Settings) -> Facts:
    """The facts of the files `entries` names, to write into the new generation."""
    words = StatusWords.default().extend(parse_statuses(settings.statuses))
    raws = {n: RawRecord.from_dict(e.record or {}) for n, e in entries.items()}
    paths = {n: current[n][0] for n in entries if n in current}
    found = provenance(root, paths, settings.source_url)
    return build_facts(raws, found, words)


def _read_now(record: Mapping[str, object] | None) -> bool:
    """Whether a kept raw record was read by the current reader."""
    return record is not None and record.get("reader") == READER
