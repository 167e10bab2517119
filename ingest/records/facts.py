"""Facts per indexed file: its decision record (if it is one) with links resolved in
both directions, and its provenance. Built once per generation, read by the assistant.

A document is a decision record when it names a status or a link to another record,
or when it is numbered like records that do in the same folder (a numbered record
that has not been given a status yet). Any other document gets provenance only.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import IndexBroken
from ..manifest import write_atomic
from ..provenance import Provenance, link
from .links import INVERSE, Catalog, Ref, Relation, relations_in
from .metadata import RawRecord, date_of_file, iso_date, number_of_file
from .states import Standing, State, StatusWords, standing

RECORDS = "records.json"
FORMAT = 1


@dataclass(frozen=True)
class DocumentFacts:
    """What is known of one indexed file beyond its text."""

    file: str
    last_changed: str  # ISO date: the file's last commit, else its modification time
    url: str | None = None  # link template; use `link`
    is_record: bool = False  # the fields below are empty for a document that is no record
    status: State | None = None
    status_text: str = ""  # the status as written, e.g. "Partly superseded"
    standing: Standing | None = None  # status and links together; None without a status
    date: str | None = None  # ISO date of the decision
    deciders: tuple[str, ...] = ()
    number: int | None = None
    title: str | None = None
    supersedes: tuple[str, ...] = ()  # indexed files
    superseded_by: tuple[str, ...] = ()
    amends: tuple[str, ...] = ()
    amended_by: tuple[str, ...] = ()
    unresolved: tuple[str, ...] = ()  # "superseded_by 0099-x.md": targets not indexed

    def link(self, line: int | None = None, anchor: str | None = None) -> str | None:
        """An http(s) link to the original file, at a line or heading when the link form
        allows; None when the file's origin is not known."""
        return link(self.url, line, anchor)

    @property
    def in_force(self) -> bool | None:
        """Whether the decision applies now: None for a document that is no record or whose
        standing is unknown; False when a record in force supersedes it, whatever its own
        status line says."""
        return None if self.standing is None else self.standing is Standing.IN_FORCE

    def to_dict(self) -> dict[str, Any]:
        data = {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}
        data["status"] = self.status.value if self.status else None
        data["standing"] = self.standing.value if self.standing else None
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DocumentFacts:
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()
                  if k in cls.__dataclass_fields__}
        values["status"] = State(data["status"]) if data.get("status") else None
        values["standing"] = Standing(data["standing"]) if data.get("standing") else None
        return cls(**values)


@dataclass(frozen=True)
class Facts:
    """The facts of one generation's files."""

    files: Mapping[str, DocumentFacts] = field(default_factory=dict)
    present: bool = True  # False for an index written before facts were kept

    def of(self, file: str) -> DocumentFacts | None:
        return self.files.get(file)

    def in_force(self, file: str) -> bool | None:
        """Whether `file`'s decision applies now (see `DocumentFacts.in_force`)."""
        facts = self.of(file)
        return facts.in_force if facts else None

    def records(self) -> list[DocumentFacts]:
        return [f for f in self.files.values() if f.is_record]


@dataclass
class _Links:
    """Resolved links per record, both sides, and the references nothing answers."""

    to: dict[str, dict[Relation, list[str]]]
    unresolved: dict[str, list[str]]

    def related(self, file: str, relation: Relation) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.to.get(file, {}).get(relation, ())))


def build_facts(raws: Mapping[str, RawRecord], provenance: Mapping[str, Provenance],
                words: StatusWords) -> Facts:
    """Facts of every file: statuses read with `words`, links resolved across all files."""
    readings = {f: _status(raw, words) for f, raw in raws.items()}
    numbers = {f: n for f, raw in raws.items() if (n := _number(f, raw)) is not None}
    relations = {f: raw.relations + _status_links(readings[f]) for f, raw in raws.items()}
    signed = {f for f in raws if readings[f] or relations[f]}
    numbered_folders = {posixpath.dirname(f) for f in signed if f in numbers}
    records = signed | {f for f in numbers if posixpath.dirname(f) in numbered_folders}
    catalog = Catalog.of(provenance, {f: numbers[f] for f in records if f in numbers})
    links = _resolve(records, relations, catalog)
    records |= {f for f in links.to if f in raws}  # a record's link target is one too
    out: dict[str, DocumentFacts] = {}
    for file, prov in provenance.items():
        raw = raws.get(file)
        if raw is None or file not in records:
            out[file] = DocumentFacts(file, prov.last_changed, prov.url)
            continue
        reading = readings[file]
        state = reading[0] if reading else None
        successors = [readings[s][0] if readings.get(s) else None
                      for s in links.related(file, Relation.SUPERSEDED_BY)]
        out[file] = DocumentFacts(
            file, prov.last_changed, prov.url, True, status=state,
            status_text=reading[1] if reading else "", standing=standing(state, successors),
            date=raw.date or (iso_date(reading[1]) if reading else None) or date_of_file(file),
            deciders=raw.deciders, number=numbers.get(file), title=raw.title,
            supersedes=links.related(file, Relation.SUPERSEDES),
            superseded_by=links.related(file, Relation.SUPERSEDED_BY),
            amends=links.related(file, Relation.AMENDS),
            amended_by=links.related(file, Relation.AMENDED_BY),
            unresolved=tuple(dict.fromkeys(links.unresolved.get(file, ()))))
    return Facts(out)


def _resolve(records: set[str], relations: Mapping[str, tuple[Ref, ...]],
             catalog: Catalog) -> _Links:
    """Each record's links to indexed files, and each link's other side."""
    links = _Links({}, {})
    for file in sorted(records):
        for ref in dict.fromkeys(relations[file]):
            target = catalog.resolve(file, ref.target)
            if target is None or target == file:
                links.unresolved.setdefault(file, []).append(f"{ref.relation.value} {ref.target}")
                continue
            links.to.setdefault(file, {}).setdefault(ref.relation, []).append(target)
            links.to.setdefault(target, {}).setdefault(INVERSE[ref.relation], []).append(file)
    return links


def _status_links(reading: tuple[State, str] | None) -> tuple[Ref, ...]:
    return tuple(relations_in(reading[1], at_start=False)) if reading else ()


def _number(file: str, raw: RawRecord) -> int | None:
    number = number_of_file(file)  # a title's number is more often copied wrong
    return number if number is not None else raw.title_number


def _status(raw: RawRecord, words: StatusWords) -> tuple[State, str] | None:
    """The first status value the words understand, with its text as written."""
    for value in raw.statuses:
        reading = words.read(value)
        if reading:
            return reading.state, " ".join(value.split())
    return None


def write_facts(gen_dir: Path, facts: Facts) -> None:
    data = {"format": FORMAT,
            "files": {f: facts.files[f].to_dict() for f in sorted(facts.files)}}
    write_atomic(gen_dir / RECORDS, json.dumps(data, indent=1, ensure_ascii=False))


def load_facts(gen_dir: Path) -> Facts:
    """The facts a generation keeps; `present` is False when it keeps none (an index
    written before they were kept). IndexBroken when the file is damaged."""
    path = gen_dir / RECORDS
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        files = {f: DocumentFacts.from_dict(d) for f, d in raw["files"].items()}
    except FileNotFoundError:
        return Facts({}, present=False)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise IndexBroken(str(gen_dir.parent), f"{gen_dir.name}/{RECORDS} is unreadable") from exc
    return Facts(files)

