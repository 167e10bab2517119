"""The decision log of an index: every record, in order, and what is wrong with the set."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import IndexMissing
from ..manifest import Manifest
from .facts import DocumentFacts, Facts, load_facts


@dataclass(frozen=True)
class LogEntry:
    file: str
    number: int | None
    title: str | None
    status: str | None  # a `State` value
    status_text: str
    date: str | None
    standing: str | None  # a `Standing` value
    supersedes: tuple[str, ...]
    superseded_by: tuple[str, ...]
    amends: tuple[str, ...]
    amended_by: tuple[str, ...]
    unresolved: tuple[str, ...]

    @classmethod
    def of(cls, facts: DocumentFacts) -> LogEntry:
        return cls(facts.file, facts.number, facts.title,
                   facts.status.value if facts.status else None, facts.status_text, facts.date,
                   facts.standing.value if facts.standing else None, facts.supersedes,
                   facts.superseded_by, facts.amends, facts.amended_by, facts.unresolved)


@dataclass(frozen=True)
class DecisionLog:
    """Every decision record of an index, by folder and number."""

    entries: tuple[LogEntry, ...]
    present: bool = True  # False for an index written before records were kept

    @classmethod
    def of(cls, facts: Facts) -> DecisionLog:
        records = sorted(facts.records(), key=lambda f: (posixpath.dirname(f.file),
                                                         f.number is None, f.number or 0, f.file))
        return cls(tuple(LogEntry.of(f) for f in records), facts.present)

    def to_dict(self) -> dict[str, Any]:
        """The log as JSON-ready data, with its problems."""
        return {"records": [{k: list(v) if isinstance(v, tuple) else v
                             for k, v in e.__dict__.items()} for e in self.entries],
                "problems": problems(self)}

    def to_text(self) -> str:
        """One line per record: number, status, standing, date, title and links; then the
        problems."""
        lines = []
        for e in self.entries:
            number = f"{e.number:>4}" if e.number is not None else "   -"
            links = "".join(f"; {name.replace('_', ' ')} {', '.join(files)}"
                            for name, files in (("supersedes", e.supersedes),
                                                ("superseded_by", e.superseded_by),
                                                ("amends", e.amends), ("amended_by", e.amended_by))
                            if files)
            lines.append(f"{number}  {e.status or 'no status':<10}  {e.standing or '-':<16}  "
                         f"{e.date or '-':<10}  {e.title or e.file}  ({e.file}{links})")
        lines += [f"problem: {p}" for p in problems(self)]
        return "\n".join(lines)


def problems(log: DecisionLog) -> list[str]:
    """What a reader of the log should fix, one line each: links to records that are not
    there, superseded records that name no successor, records without a status, and
    two records of one folder with the same number."""
    found: list[str] = []
    by_number: dict[tuple[str, int], list[str]] = defaultdict(list)
    for e in log.entries:
        found += [f"{e.file}: {_link_words(link)}, which is not an indexed record"
                  for link in e.unresolved]
        if e.status == "superseded" and not e.superseded_by:
            found.append(f"{e.file}: superseded, but no record links it to its successor")
        if e.status is None:
            found.append(f"{e.file}: no status")
        if e.number is not None:
            by_number[(posixpath.dirname(e.file), e.number)].append(e.file)
    for (_, number), files in sorted(by_number.items()):
        if len(files) > 1:
            found.append(f"{len(files)} records are number {number}: {', '.join(files)}")
    return found


def _link_words(link: str) -> str:
    """ "superseded_by #9" as "superseded by record 9"."""
    relation, _, target = link.partition(" ")
    target = f"record {target[1:]}" if target.startswith("#") else target
    return f"{relation.replace('_', ' ')} {target}"


def decision_log(index_dir: Path) -> DecisionLog:
    """The decision log of the index's committed generation; IndexMissing without one."""
    manifest = Manifest.load(index_dir)
    if manifest is None:
        raise IndexMissing(str(index_dir))
    return DecisionLog.of(load_facts(manifest.generation_dir(index_dir)))
