"""Links between decision records: reading them from text, and finding their targets.

A relation is written as a phrase followed by references: "Superseded by
[Title](0021-x.md)", "Supersedes ADR-0012", "Amends [10. ...](0010-y.md)". A reference
is a Markdown link, a record number ("ADR 21", "ADR-0021", "#21"), or a file name.
Targets are found among the indexed files by relative path, by file name, or by
record number within the same folder.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import unquote, urlsplit


class Relation(StrEnum):
    SUPERSEDES = "supersedes"
    SUPERSEDED_BY = "superseded_by"
    AMENDS = "amends"
    AMENDED_BY = "amended_by"


# A relation and its other side: one side written is enough for both.
INVERSE = {Relation.SUPERSEDES: Relation.SUPERSEDED_BY, Relation.SUPERSEDED_BY: Relation.SUPERSEDES,
           Relation.AMENDS: Relation.AMENDED_BY, Relation.AMENDED_BY: Relation.AMENDS}

_PHRASES: tuple[tuple[re.Pattern[str], Relation], ...] = (
    (re.compile(r"(?:(?:superseded|superseeded|replaced|obsoleted|succeeded)\s+by|"
                r"deprecated\s+in\s+fav(?:ou)?r\s+of)\b", re.I), Relation.SUPERSEDED_BY),
    (re.compile(r"(?:supersedes|replaces|obsoletes)\b", re.I), Relation.SUPERSEDES),
    (re.compile(r"amended\s+by\b", re.I), Relation.AMENDED_BY),
    (re.compile(r"amends\b", re.I), Relation.AMENDS),
)
# Any of them, to take out of a line before its remaining words are counted.
RELATION_PHRASE = re.compile("|".join(p.pattern for p, _ in _PHRASES), re.I)
# Front matter keys, compared without case, spaces, dashes or underscores.
KEYS = {"supersededby": Relation.SUPERSEDED_BY, "supersedes": Relation.SUPERSEDES,
        "replacedby": Relation.SUPERSEDED_BY, "replaces": Relation.SUPERSEDES,
        "amendedby": Relation.AMENDED_BY, "amends": Relation.AMENDS}

_LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\((?P<href>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_NUMBER_REF = re.compile(r"\b(?:ADR|decision|record)s?\s*[#:-]?\s*0*(\d{1,6})\b|#0*(\d{1,6})\b",
                         re.I)
_FILE_REF = re.compile(r"(?<![\w/.-])([\w.-]+\.(?:md|markdown|mdx|rst|adoc|txt|html?))\b", re.I)
_BARE_NUMBER = re.compile(r"^\W*0*(\d{1,6})\b")
_LEAD = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*|__)?\s*")


@dataclass(frozen=True)
class Ref:
    """One side of a link as written: a path or file name, or a record number."""

    relation: Relation
    target: str  # an href or file name as written, or "#21" for a record number


def relations_in(text: str, at_start: bool = True) -> list[Ref]:
    """The relations written in `text`. With `at_start`, the text must open with the
    phrase (after a list marker or emphasis); otherwise a phrase anywhere counts."""
    refs: list[Ref] = []
    body = _LEAD.sub("", text, count=1) if at_start else text
    found = sorted((m.start(), m.end(), relation) for pattern, relation in _PHRASES
                   for m in pattern.finditer(body))
    if at_start and (not found or found[0][0] != 0):
        return []
    for i, (_, end, relation) in enumerate(found):
        stop = found[i + 1][0] if i + 1 < len(found) else len(body)
        refs += [Ref(relation, t) for t in references(body[end:stop], bare_number=True)]
    return refs


# A record naming its own links in prose: "This ADR supersedes [ADR-12](...)". Replacing
# only part of another ("supersedes some aspects of", "partly replaces") amends it.
_SELF = re.compile(
    r"\bthis\s+(?:ADR|record|decision(?:\s+record)?|document)\s+"
    r"(?P<partly>(?:partly|partially|in\s+part)\s+)?(?P<verb>supersedes|replaces|amends)\b"
    r"(?P<part>\s+(?:some\s+)?(?:aspects?|parts?|portions?|sections?)\s+of\b)?", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def self_relations(text: str) -> list[Ref]:
    """The relations a sentence of the record's own prose names ("this ADR supersedes
    some aspects of ADR-4 and ADR-7"), to the references in the rest of that sentence."""
    refs: list[Ref] = []
    for match in _SELF.finditer(text):
        partial = match["partly"] or match["part"] or match["verb"].lower() == "amends"
        relation = Relation.AMENDS if partial else Relation.SUPERSEDES
        sentence = _SENTENCE_END.split(text[match.end():], maxsplit=1)[0]
        refs += [Ref(relation, t) for t in references(sentence)]
    return refs


def references(text: str, bare_number: bool = False) -> list[str]:
    """The targets a stretch of text names: link targets, record numbers, file names."""
    targets = [m["href"] for m in _LINK.finditer(text) if not m.group().startswith("!")]
    rest = _LINK.sub(" ", text)
    targets += [f"#{int(m[1] or m[2])}" for m in _NUMBER_REF.finditer(rest)]
    targets += _FILE_REF.findall(rest)
    if not targets and bare_number:
        match = _BARE_NUMBER.match(rest)
        if match:
            targets.append(f"#{int(match[1])}")
    return targets


def relations_of_key(key: str, value: str) -> list[Ref]:
    """The relations a front matter field names, e.g. `superseded-by: ADR-0021`."""
    relation = KEYS.get(re.sub(r"[\s_-]", "", key.lower()))
    if relation is None:
        return []
    targets = [t for part in re.split(r"[,;]", value) for t in references(part, bare_number=True)]
    return [Ref(relation, t) for t in targets]


@dataclass(frozen=True)
class Catalog:
    """The indexed files, for finding a reference's target."""

    files: frozenset[str]
    numbers: Mapping[tuple[str, int], tuple[str, ...]]  # (folder, number) -> records

    @classmethod
    def of(cls, files: Iterable[str], numbers: Mapping[str, int]) -> Catalog:
        by_number: dict[tuple[str, int], list[str]] = {}
        for file, number in numbers.items():
            by_number.setdefault((posixpath.dirname(file), number), []).append(file)
        return cls(frozenset(files), {k: tuple(sorted(v)) for k, v in by_number.items()})

    def resolve(self, source: str, target: str) -> str | None:
        """The indexed file `target`, written in `source`, stands for; None if none."""
        folder = posixpath.dirname(source)
        if target.startswith("#"):
            found = self.numbers.get((folder, int(target[1:])), ())
            return found[0] if len(found) == 1 else None
        parts = urlsplit(target)
        if parts.scheme not in ("", "http", "https"):
            return None
        path = unquote(parts.path)
        if not parts.scheme:
            joined = posixpath.normpath(posixpath.join(folder, path)).lstrip("/")
            if joined in self.files:
                return joined
        name = posixpath.basename(path)
        if not name:
            return None
        same = posixpath.join(folder, name) if folder else name
        if same in self.files:
            return same
        elsewhere = [f for f in self.files if posixpath.basename(f) == name]
        return elsewhere[0] if len(elsewhere) == 1 else None
