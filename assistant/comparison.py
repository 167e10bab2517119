"""Comparison questions: find the options, then fill an option-by-criterion table.

Cells come from the documents' own comparison tables when a table has a column for
the option and a row for the criterion; otherwise from the best sentence that names
the option and speaks to the criterion. A cell nothing supports says "not covered".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.keyword import tokenize

from .citing import Citer
from .models import Cell, Comparison
from .option_tables import CriterionRow, criterion_rows, fold_plurals, mentions, singular
from .terms import key_terms
from .units import Kind, Table, Unit

NOT_COVERED = "not covered"
MAX_TABLE_ROWS = 5  # criteria taken from a document's own table beyond the four below

CRITERIA: dict[str, frozenset[str]] = {
    "Cost": frozenset("cost costs price priced pricing cheap cheaper cheapest expensive "
                      "discount discounts spend billing pay savings budget economics".split()),
    "Performance": frozenset("performance throughput latency fast faster fastest slow slower "
                             "bandwidth speed iops tokens scale scales scaling".split()),
    "Operations": frozenset("operational operations operate operating manage managed "
                            "management maintenance maintain complexity complex effort simple "
                            "simpler overhead upgrade upgrades patching setup burden".split()),
    "When to choose": frozenset("choose pick prefer when best ideal suited fit fits "
                                "recommended default".split()),
}

_LEAD = re.compile(
    r"^(?:(?:should|would|could|do|does|can|is|are|which|what|when|how)\b.*?\b"
    r"(?:use|pick|choose|adopt|prefer|go with|run|store|between|better|best|of)\b\s*|"
    r"(?:compare|comparing|comparison of|difference between)\s+)", re.I)
_SPLIT = re.compile(r"\s*,\s*(?:or\s+|and\s+)?|\s+(?:or|vs\.?|versus|and|against|compared "
                    r"(?:with|to))\s+", re.I)
_TRAILING = re.compile(r"\s+(?:for|in|on|when|to|with|at|as|from)\s+.*$", re.I)
_ADVICE = re.compile(r"^(choose|use|prefer|pick|go with|adopt|default to|reach for)\b", re.I)
_STOP = frozenset("a an the our we i you it".split())
_CONNECTORS = frozenset("for in on of to with at as from by and or when".split())


def detect_options(question: str, known: Callable[[str], bool]) -> list[str]:
    """The options a comparison question weighs, or [] for any other question.

    `known(phrase)` tells whether the documents contain a phrase; it decides where an
    option ends ("FSx for Lustre for training" -> "FSx for Lustre").
    """
    text = question.strip().rstrip("?.!").split(":")[0]
    if not re.search(r"\b(or|vs\.?|versus|compare|comparing|comparison|difference)\b", text, re.I):
        return []
    text = _LEAD.sub("", text)
    parts = [p for p in _SPLIT.split(text) if p and p.strip()]
    if len(parts) < 2:
        return []
    options = [_trim_start(p, known) for p in parts[:-1]] + [_trim_end(parts[-1], known)]
    options = [_expand_quantifier(o, options[0]) for o in options]
    # An option names something: "with" or "how" left over from the phrasing do not.
    options = [o for o in options if o and o.lower() not in _STOP and key_terms(o)]
    if len(options) < 2 or len(options) > 4 or any(len(o.split()) > 5 for o in options):
        return []
    return options


def _trim_start(phrase: str, known: Callable[[str], bool]) -> str:
    """The longest known ending of the words before "or" ("one cluster")."""
    words = phrase.split()
    for i in range(len(words)):
        candidate = " ".join(words[i:])
        if words[i].lower() not in _STOP | _CONNECTORS and known(candidate):
            return candidate
    return words[-1] if words else ""


def _trim_end(phrase: str, known: Callable[[str], bool]) -> str:
    """The longest known beginning of the words after "or" ("FSx for Lustre for data");
    a leading connector is not part of it ("... or with Ray" -> "Ray")."""
    words = phrase.split()
    while len(words) > 1 and words[0].lower() in _STOP | _CONNECTORS:
        words = words[1:]
    phrase = " ".join(words)
    for i in range(len(words), 0, -1):
        candidate = " ".join(words[:i])
        if known(candidate) and words[i - 1].lower() not in _STOP | _CONNECTORS:
            return candidate
    return _TRAILING.sub("", phrase).strip()


def _expand_quantifier(option: str, first: str) -> str:
    """"one cluster or several" -> "several clusters"."""
    if option.lower() in {"several", "many", "multiple", "more"} and len(first.split()) > 1:
        noun = first.split()[-1]
        return f"{option} {noun if noun.endswith('s') else noun + 's'}"
    return option


def build_comparison(options: list[str], units: list[Unit], scores: list[float],
                     tables: list[Table], citer: Citer) -> Comparison:
    """One column per option, one row per criterion; each cell cited or "not covered".

    The rows are cost, performance, operations and when to choose, then the other
    criteria of the documents' own table that sets the most of these options side by
    side (at most MAX_TABLE_ROWS of them).
    """
    found = [row for table in tables for row in criterion_rows(table, options)]
    used: set[int] = set()  # ids of the table rows the fixed criteria took
    columns = []
    for option in options:
        others = [o for o in options if o != option]
        about = [i for i, u in enumerate(units) if _is_about(u, option, others)]
        taken: set[int] = set()
        column = []
        for criterion, words in CRITERIA.items():
            row = next((r for r in found if option in r.cells and _speaks_to(r.label, criterion,
                                                                             words)), None)
            if row is None:
                column.append(_from_units(criterion, words, about, units, scores, taken, citer))
            else:
                used.add(id(row))
                column.append(_table_cell(row, option, citer))
        columns.append(column)
    extra = [r for r in _best_table_rows(found, options) if id(r) not in used][:MAX_TABLE_ROWS]
    for row in extra:
        for option, column in zip(options, columns, strict=True):
            column.append(_table_cell(row, option, citer) if option in row.cells
                          else Cell(NOT_COVERED, None))
    criteria = (*CRITERIA, *(row.label for row in extra))
    cells = tuple(tuple(column[r] for column in columns) for r in range(len(criteria)))
    return Comparison(tuple(options), criteria, cells)


def _speaks_to(label: str, criterion: str, words: frozenset[str]) -> bool:
    return bool(set(tokenize(label)) & words) or criterion.lower() in label.lower()


def _table_cell(row: CriterionRow, option: str, citer: Citer) -> Cell:
    cell = row.cells[option]
    unit = Unit(cell.quote, row.table.passage, row.table.section_path, Kind.ROW)
    return Cell(cell.text, citer.cite(unit))


def _best_table_rows(found: list[CriterionRow], options: list[str]) -> list[CriterionRow]:
    """The rows of the first table that names the most options, if it names two or more."""
    coverage: dict[int, set[str]] = {}
    for row in found:
        coverage.setdefault(id(row.table), set()).update(row.cells)
    best = max(coverage, key=lambda t: len(coverage[t]), default=None)
    if best is None or len(coverage[best]) < min(2, len(options)):
        return []
    return [row for row in found if id(row.table) == best]


def _first_mention(option: str, text: str) -> int | None:
    """Token position where the option is first named in the text, if it is."""
    if not mentions(option, text):
        return None
    wanted = fold_plurals(option)
    tokens = [singular(t) for t in tokenize(text)]
    return next((i for i, t in enumerate(tokens) if t in wanted), len(tokens))


def _is_about(unit: Unit, option: str, others: list[str]) -> bool:
    """The unit speaks of the option: it names the option before any rival, or it names
    none and sits under a heading that names only this option."""
    mine = _first_mention(option, unit.text)
    rivals = [m for o in others if (m := _first_mention(o, unit.text)) is not None]
    if mine is not None:
        return not rivals or mine <= min(rivals)
    if rivals:
        return False
    heading = " ".join(unit.section_path[1:])
    return mentions(option, heading) and not any(mentions(o, heading) for o in others)


def _from_units(criterion: str, words: frozenset[str], about: list[int], units: list[Unit],
                scores: list[float], taken: set[int], citer: Citer) -> Cell:
    """The best unit about the option that speaks to the criterion, used once per column."""
    best: tuple[float, int] | None = None
    for i in about:
        if i in taken:
            continue
        hits = len(words & set(tokenize(units[i].text)))
        advice = criterion == "When to choose" and bool(_ADVICE.match(units[i].text))
        if not hits and not advice:
            continue
        value = hits + scores[i] + (2.0 if advice else 0.0)
        if best is None or value > best[0]:
            best = (value, i)
    if best is None:
        return Cell(NOT_COVERED, None)
    taken.add(best[1])
    unit = units[best[1]]
    return Cell(_short(unit.text), citer.cite(unit))


def _short(text: str, limit: int = 220) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"
