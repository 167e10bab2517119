"""Comparison questions: find the options, then fill an option-by-criterion table.

There is no fixed list of criteria. The rows are, in order:
1. the criteria of the documents' own table that sets the most options side by side;
2. when that table weighs them on fewer than three criteria, criteria the passages name
   themselves: the labels of list items under a criteria heading ("Throughput per
   accelerator: ..."), each filled from what the passages say about each option;
3. the decision's own parts: each option's trade-off and when to choose it.
A cell no retrieved passage speaks to says "not covered"; a row no cell fills is left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from ingest.parts import CRITERIA, RECOMMENDATIONS, TRADE_OFFS, RoleMap

from ..language import CELL_ADVICE_LEAD, CELL_TRADE_OFF_CUE
from ..models import NOT_COVERED, QUOTE_JOINER, Cell, Comparison
from ..query.options import fold_plurals, mentions
from ..query.terms import key_terms
from ..retrieval.evidence import stem
from .citing import Citer
from .option_tables import CriterionRow, Table, criterion_rows
from .units import Kind, Unit

MAX_TABLE_ROWS = 12  # criteria taken from a document's own table
MAX_NAMED_ROWS = 4  # criteria named by list items in the passages
MIN_OWN_ROWS = 3  # rows of a document's own table that make it the whole comparison
MAX_LABEL_WORDS = 6  # "Throughput per accelerator:" is a label; a longer lead is a sentence
TRADE_OFF_ROW = "Trade-offs"
CHOOSE_ROW = "When to choose"

# Where the name that advice chooses ends: "Choose NVIDIA GPUs | as the default when".
_ADVISED_END = re.compile(r"\s(?:when|for|if|where|as|to|in|on|with)\s|[,;:.]")
_LABEL = re.compile(r"^(?P<label>[^:—]{2,60}?)\s*(?::|—|\s-\s)\s+\S")


def build_comparison(options: list[str], units: list[Unit], scores: list[float],
                     tables: list[Table], citer: Citer,
                     roles: RoleMap | None = None) -> Comparison:
    """One column per option, one row per criterion; each cell cited or "not covered"."""
    roles = roles or RoleMap.default()
    found = [row for table in tables for row in criterion_rows(table, options)]
    table_rows = _best_table_rows(found, options)[:MAX_TABLE_ROWS]
    named = {option: fold_plurals(option) for option in options}
    about = {option: [i for i, u in enumerate(units) if _is_about(u, option, named)]
             for option in options}
    taken: dict[str, set[int]] = {option: set() for option in options}
    rows: list[tuple[str, list[Cell]]] = []
    for row in table_rows:
        rows.append((row.label, [_table_cell(row, o, citer) if o in row.cells
                                 else Cell(NOT_COVERED, None) for o in options]))
    # A document's own table that weighs the options on several criteria is their
    # comparison; criteria lists elsewhere mostly belong to other decisions.
    named = [label for label in _named_criteria(units, roles)
             if not any(_same_criterion(label, other) for other, _ in rows)
             ] if len(rows) < MIN_OWN_ROWS else []
    for label in named[:MAX_NAMED_ROWS]:
        words = _criterion_stems(label)
        rows.append((label, [_from_units(about[o], units, scores, taken[o], citer,
                                         lambda u, w=words: _speaks_to(u, w))
                             for o in options]))
    decision_rows = (
        (TRADE_OFF_ROW, lambda u: roles.of_path(u.section_path) == TRADE_OFFS
         or bool(CELL_TRADE_OFF_CUE.search(u.text))),
        (CHOOSE_ROW, lambda u: bool(CELL_ADVICE_LEAD.match(u.text))
         or roles.of_path(u.section_path) == RECOMMENDATIONS))
    for label, fits in decision_rows:
        if any(_same_criterion(label, other) for other, _ in rows):
            continue  # the documents' own table has this row already: each criterion once
        rows.append((label, [_from_units(about[o], units, scores, taken[o], citer, fits)
                             for o in options]))
    kept = [(label, cells) for label, cells in rows
            if any(c.citation is not None for c in cells)]
    return Comparison(tuple(options), tuple(label for label, _ in kept),
                      tuple(tuple(cells) for _, cells in kept))


def _named_criteria(units: list[Unit], roles: RoleMap) -> list[str]:
    """Labels of list items under a criteria heading, in reading order, once each."""
    labels: list[str] = []
    for unit in units:
        if unit.kind is not Kind.BULLET or roles.of_path(unit.section_path) != CRITERIA:
            continue
        match = _LABEL.match(unit.text.split(QUOTE_JOINER)[-1])
        label = match.group("label").strip() if match else ""
        if label and len(label.split()) <= MAX_LABEL_WORDS and key_terms(label) \
                and not any(_same_criterion(label, seen) for seen in labels):
            labels.append(label)
    return labels


def _same_criterion(a: str, b: str) -> bool:
    return bool(_criterion_stems(a) & _criterion_stems(b))


# Each label is weighed against every row already taken: its stems are read once.
@lru_cache(maxsize=4096)
def _criterion_stems(label: str) -> frozenset[str]:
    return frozenset(stem(t) for t in key_terms(label))


def _speaks_to(unit: Unit, words: frozenset[str]) -> bool:
    """The unit names most of a criterion's words (both of two, two of three, ...)."""
    return len(words & unit.stems) >= max(1, -(-2 * len(words) // 3))


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


def _first_mention(wanted: set[str], unit: Unit) -> int | None:
    """Token position where an option is first named in the unit, if all its words
    (`wanted`, plurals folded) are there, as `mentions` reads it."""
    if not _names(wanted, unit.folded):
        return None
    tokens = unit.folded_tokens
    return next((i for i, t in enumerate(tokens) if t in wanted), len(tokens))


def _is_about(unit: Unit, option: str, named: dict[str, set[str]]) -> bool:
    """The unit speaks of the option: it sits in a section whose own heading names this
    option alone, or it names the option before any rival, or it names none and sits
    under headings that name only this option. `named` holds each option's words,
    plurals folded."""
    # A section headed for one option alone ("FSx for Lustre: pros and cons") speaks of
    # that option, whichever other it names on the way ("the S3 link keeps S3 ...").
    own = _own_heading(unit.section_path[-1] if unit.section_path else "")
    headed = [other for other, words in named.items() if _names(words, own)]
    if len(headed) == 1:
        return headed[0] == option and not advises_another(unit.text, [option])
    others = [words for other, words in named.items() if other != option]
    mine = _first_mention(named[option], unit)
    rivals = [m for words in others if (m := _first_mention(words, unit)) is not None]
    if mine is not None:
        return not rivals or mine <= min(rivals)
    if rivals or advises_another(unit.text, [option]):
        return False
    heading = unit.heading_folded
    return _names(named[option], heading) and not any(_names(words, heading)
                                                      for words in others)


@lru_cache(maxsize=4096)
def _own_heading(heading: str) -> frozenset[str]:
    return frozenset(fold_plurals(heading))


def _names(wanted: set[str], words: frozenset[str]) -> bool:
    """All of an option's words (none is no name) are among these."""
    return bool(wanted) and wanted <= words


def advises_another(text: str, options: Sequence[str]) -> bool:
    """Advice to choose something by name that is none of the options ("Choose
    Inferentia when ...", beside Trainium and GPUs): it belongs to no option's column."""
    lead = CELL_ADVICE_LEAD.match(text)
    if lead is None:
        return False
    advised = _ADVISED_END.split(text[lead.end():].strip(), maxsplit=1)[0]
    return advised[:1].isupper() and not any(mentions(option, advised) for option in options)


def _from_units(about: list[int], units: list[Unit], scores: list[float], taken: set[int],
                citer: Citer, fits: Callable[[Unit], bool]) -> Cell:
    """The best-scoring unit about the option that fits the row, used once per column."""
    best = max((i for i in about if i not in taken and units[i].kind is not Kind.ROW
                and fits(units[i])), key=lambda i: scores[i], default=None)
    if best is None:
        return Cell(NOT_COVERED, None)
    taken.add(best)
    unit = units[best]
    return Cell(_short(unit.text), citer.cite(unit))


def _short(text: str, limit: int = 220) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"
