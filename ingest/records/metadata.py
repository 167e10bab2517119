"""What one document says about itself as a decision record, read from its text alone.

Pure functions over a `Document`: no other file, no setting. A status is read only
where a template puts one: a front matter `status:`, a `Status:` line or list item, a
`Status` heading and the first line under it, or a table row or column named Status.
Fenced code is never read, so a template quoted as an example is not taken for the
document's own metadata. Which of the values found is a status is decided later, with
the status words of the settings (see `facts`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from ..documents import Document
from ..formats.fences import Fences
from .links import RELATION_PHRASE, Ref, Relation, relations_in, relations_of_key, self_relations

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LEAD = re.compile(r"^\s*(?:[-*+]\s+|>\s*)?")
_EMPHASIS = re.compile(r"\*\*|__")
_FIELD_NAMES = (r"(?:decision\s+)?status|date|decision\s+date|deciders|decision[\s-]makers|"
                r"decided\s+by")
# A record's own metadata line ("Status: accepted", "Date = 2021-03-04"), as read here;
# answers leave it unquoted, since they say a record's standing in their own words.
FIELD_LINE = re.compile(rf"^(?P<key>{_FIELD_NAMES})\s*[:=]\s*(?P<value>.*)$", re.I)
_FIELD_NAME = re.compile(_FIELD_NAMES, re.I)
_STATUS_HEADING = re.compile(r"^\W*(?:decision\s+)?status\W*$", re.I)
_STATUS_IN_HEADING = re.compile(r"^\W*(?:decision\s+)?status\s*[:\-–—]\s*(?P<value>.+)$", re.I)
_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
MONTH_NUMBERS = {name: n for n, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), 1) for name in names}
_MONTH = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_NAMED_DATE = re.compile(rf"\b(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH})\.?"
                         rf"|(?P<month2>{_MONTH})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?)"
                         rf"\s+(?P<year>\d{{4}})\b", re.I)
_FILE_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?=[-_ .])")
_FILE_NUMBER = re.compile(r"^(?:adr|rfc|decision|record|dr)?[-_ ]?0*(\d{1,5})(?=[-_ .])", re.I)
_TITLE_NUMBER = re.compile(
    r"^(?:(?:architecture\s+decision\s+record|decision\s+record|ADR|RFC)\b\s*"
    r"(?:[#-]?\s*0*(?P<a>\d{1,6})\b\s*[:.\-–—]?|[:\-–—])|0*(?P<b>\d{1,6})[.:)])\s*", re.I)
_LINK = re.compile(r"!?\[[^\]]*\]\([^)]*\)")
_MAX_EXTRA_WORDS = 4  # words beside its references on a relation line; more is prose
# Bumped when reading finds more: a record read by an older reader is read again.
# 2: a record's own prose naming what it supersedes or amends ("this ADR supersedes ...").
# 3: dates written with the month's name, `| Date | ... |` rows, AsciiDoc header entries.
READER = 3


@dataclass(frozen=True)
class RawRecord:
    """Decision metadata as one document writes it, before any link is followed."""

    statuses: tuple[str, ...] = ()  # values in status positions, front matter first
    relations: tuple[Ref, ...] = ()
    date: str | None = None  # ISO date of a `date:` field or line
    deciders: tuple[str, ...] = ()
    title: str | None = None  # front matter title or H1, without its record number
    title_number: int | None = None  # "12. Title", "ADR 12: Title"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["relations"] = [[r.relation.value, r.target] for r in self.relations]
        return {"reader": READER, **{k: v for k, v in data.items() if v not in (None, (), [])}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RawRecord:
        return cls(statuses=tuple(data.get("statuses", ())),
                   relations=tuple(Ref(Relation(r), t) for r, t in data.get("relations", ())),
                   date=data.get("date"), deciders=tuple(data.get("deciders", ())),
                   title=data.get("title"), title_number=data.get("title_number"))


@dataclass
class _Found:
    statuses: list[str] = field(default_factory=list)
    relations: list[Ref] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    deciders: list[str] = field(default_factory=list)


def read_raw(doc: Document) -> RawRecord:
    """The decision metadata `doc` carries in its front matter and its text."""
    found = _Found()
    title = None
    for key, value in doc.metadata.items():
        _front_matter_field(found, key.strip().lower(), value)
        if key.strip().lower() == "title" and value.strip():
            title = value.strip()
    _read_text(found, doc.text)
    h1 = next((m[2] for m in map(_HEADING.match, _unfenced(doc.text)) if m and m[1] == "#"),
              None)
    title, number = split_title(title or h1 or doc.title or "")
    return RawRecord(tuple(found.statuses), tuple(dict.fromkeys(found.relations)),
                     found.dates[0] if found.dates else None,
                     tuple(dict.fromkeys(found.deciders)), title or None, number)


def record_of(doc: Document) -> dict[str, Any]:
    """`read_raw(doc)` as a manifest entry keeps it."""
    return read_raw(doc).to_dict()


def split_title(title: str) -> tuple[str, int | None]:
    """A title without its record number, and the number: "12. Use X" -> ("Use X", 12)."""
    title = " ".join(title.split())
    match = _TITLE_NUMBER.match(title)
    if not match or not title[match.end():].strip():
        return title, None
    number = match["a"] or match["b"]
    return title[match.end():].strip(), int(number) if number else None


def number_of_file(file: str) -> int | None:
    """A record number at the start of the file name ("0007-x.md", "adr-012-y.md")."""
    name = file.rsplit("/", 1)[-1]
    if _file_date(name):
        return None
    match = _FILE_NUMBER.match(name)
    return int(match[1]) if match else None


def date_of_file(file: str) -> str | None:
    """A date at the start of the file name ("20200926-x.md", "2020-09-26-x.md")."""
    return _file_date(file.rsplit("/", 1)[-1])


def iso_date(text: str) -> str | None:
    """The first YYYY-MM-DD (or / or . separated) date in `text`, else the first
    written with its month's name ("12 May 2022", "May 12, 2022"), as ISO; None if none."""
    numeric = ((m[1], m[2], m[3]) for m in _DATE.finditer(text))
    named = ((m["year"], MONTH_NUMBERS[(m["month"] or m["month2"]).lower()],
              m["day"] or m["day2"])
             for m in _NAMED_DATE.finditer(text))
    for year, month, day in (*numeric, *named):
        try:
            return date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            continue
    return None


def _file_date(name: str) -> str | None:
    match = _FILE_DATE.match(name)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None


def _front_matter_field(found: _Found, key: str, value: str) -> None:
    if not value.strip() or is_placeholder(value):
        return
    if key in ("status", "state", "decision status"):
        _status_value(found, value)
    elif key in ("date", "decision-date", "decision_date", "decided"):
        if iso_date(value):
            found.dates.append(iso_date(value) or "")
    elif key in ("deciders", "decision-makers", "decision_makers", "decided-by", "owners"):
        found.deciders += _names(value)
    else:
        found.relations += relations_of_key(key, value)


def _read_text(found: _Found, text: str) -> None:
    under_status = False  # the next non-blank line is the body of a Status heading
    table: list[str] = []  # the rows of the table being read
    for line in [*_unfenced(text), ""]:
        if line.lstrip().startswith("|"):
            table.append(line)
            under_status = False  # a Status section that opens with a table: read below
            continue
        if table:
            _table(found, table)
            table = []
        heading = _HEADING.match(line)
        if heading:
            title = _EMPHASIS.sub("", heading[2])
            inline = _STATUS_IN_HEADING.match(title)
            if inline and not is_placeholder(inline["value"]):
                found.statuses.append(inline["value"].strip())
            under_status = bool(_STATUS_HEADING.match(title))
            continue
        if not line.strip():
            continue
        plain = _EMPHASIS.sub("", _LEAD.sub("", line, count=1)).strip()
        if under_status:
            _status_value(found, plain)
            under_status = False
        match = FIELD_LINE.match(plain)
        if match:
            _field_line(found, match["key"].lower(), match["value"])
        found.relations += _relation_line(plain) or self_relations(plain)


def _status_value(found: _Found, value: str) -> None:
    # Kept whole: the links it names ("superseded by [x](y.md)") count only if the value
    # turns out to be the status, which the settings' status words decide.
    if not is_placeholder(value):
        found.statuses.append(" ".join(value.split()))


def _field_line(found: _Found, key: str, value: str) -> None:
    if not value.strip() or is_placeholder(value):
        return
    if key.endswith("status"):
        _status_value(found, value)
    elif "date" in key:
        if iso_date(value):
            found.dates.append(iso_date(value) or "")
    else:
        found.deciders += _names(value)


def _table(found: _Found, lines: list[str]) -> None:
    """A table's status: a `| Status | Accepted |` row, or the one row under a Status
    column. Under a Status column, several rows list other records' statuses (a log of
    records), not the document's own. Below the first row, `| Date | ... |` and
    `| Deciders | ... |` rows are fields."""
    rows = [cells for cells in map(_cells, lines)
            if cells and not all(set(c) <= set("-: ") for c in cells)]
    if not rows:
        return
    names = [c.lower().rstrip(":") for c in rows[0]]
    # A header naming a Status column, unless it is a first field row over more fields.
    headed = "status" in names[1:] or (
        names[0] == "status" and len(rows) > 1 and not _FIELD_NAME.fullmatch(rows[1][0]))
    if headed:
        column = names.index("status")
        if len(rows) == 2 and column < len(rows[1]):
            _status_value(found, rows[1][column])
        return
    for cells in rows:
        if len(cells) > 1 and (field := FIELD_LINE.match(f"{cells[0]}: {cells[1]}")):
            _field_line(found, field["key"].lower(), field["value"])


def _cells(line: str) -> list[str]:
    return [_EMPHASIS.sub("", c).strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def _relation_line(line: str) -> list[Ref]:
    refs = relations_in(line)
    if not refs:
        return []
    extra = _LINK.sub(" ", line)
    extra = RELATION_PHRASE.sub(" ", extra)
    extra = re.sub(r"\b(?:ADR|decision|record)s?\s*[#:-]?\s*\d+|#\d+|\S+\.\w+\b", " ", extra,
                   flags=re.I)
    words = re.findall(r"[A-Za-z]{2,}", extra)
    return refs if len(words) <= _MAX_EXTRA_WORDS else []


def is_placeholder(value: str) -> bool:
    """A template's blank: "{date}", "[accepted | rejected]", "[list the deciders]"."""
    text = value.strip()
    if not text:
        return True
    if text.startswith("{") or " | " in text and ("[" in text or "{" in text):
        return True
    return text.startswith("[") and not re.match(r"\[[^\]]*\]\(", text)


def _names(value: str) -> list[str]:
    parts = re.split(r",|;|\band\b", _LINK.sub(lambda m: m.group().split("]")[0][1:], value))
    return [" ".join(p.split()) for p in parts if p.strip() and not is_placeholder(p)]


def _unfenced(text: str) -> list[str]:
    """The lines of `text` outside fenced code blocks."""
    fences = Fences()
    return [line for line in text.splitlines() if not fences.code(line)]

