"""A document's own comparison tables, read as criteria by options.

Documents lay such tables out either way round: options as columns

    | Aspect | Single Cluster | Multiple Clusters |
    | Cost   | Lower          | Higher            |

or options as rows

    | Tool     | Learning Curve | Flexibility |
    | Kubeflow | High           | Medium      |

Both read here as criterion rows, each with a cell per option it names, and each cell
with the quote a citation gives for it (its row label, then the cell).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..query.options import fold_plurals


@dataclass(frozen=True)
class Table:
    """A table of a passage, as its rows read: the header, then the body rows."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    passage: int
    section_path: tuple[str, ...]


@dataclass(frozen=True)
class OptionCell:
    text: str
    quote: str  # "Cost: Lower" or "Kubeflow: High", as the table's row reads


@dataclass(frozen=True)
class CriterionRow:
    label: str  # the criterion, as the table names it
    cells: dict[str, OptionCell]  # option -> its cell; options the table lacks are absent
    table: Table


def criterion_rows(table: Table, options: list[str]) -> list[CriterionRow]:
    """The table's criteria, each with the cells of the options it names ([] if none)."""
    columns = assign(options, {j: head for j, head in enumerate(table.header) if j > 0})
    rows = assign(options, {i: row[0] for i, row in enumerate(table.rows) if row})
    if columns and len(columns) >= len(rows):
        found = [_criterion(body[0], {o: (body[0], _at(body, j)) for o, j in columns.items()},
                            table) for body in table.rows if body]
    else:
        found = [_criterion(head, {o: (table.rows[i][0], _at(table.rows[i], j))
                                   for o, i in rows.items()}, table)
                 for j, head in enumerate(table.header) if j > 0]
    return [row for row in found if row.label and row.cells]


def assign(options: list[str], labels: dict[int, str]) -> dict[str, int]:
    """Each option to the one label that names it, no label to two options: the most
    specific matches first, so "multiple clusters" takes "Multiple Clusters" and leaves
    "cluster" the "Single Cluster" column."""
    folded = {at: fold_plurals(label) for at, label in labels.items()}
    pairs = []
    for option in options:
        words = fold_plurals(option)
        for at, theirs in folded.items():
            if words and theirs and (words <= theirs or theirs <= words):
                pairs.append((-len(words & theirs), len(theirs), at, option))
    chosen: dict[str, int] = {}
    for _, _, at, option in sorted(pairs):
        if option not in chosen and at not in chosen.values():
            chosen[option] = at
    return chosen


def _criterion(label: str, cells: dict[str, tuple[str, str]], table: Table) -> CriterionRow:
    """`cells` maps an option to (the label of the table row its cell is on, the cell)."""
    kept = {o: OptionCell(cell.strip(), f"{row_label.strip()}: {cell.strip()}")
            for o, (row_label, cell) in cells.items() if cell.strip()}
    return CriterionRow(label.strip(), kept, table)


def _at(row: tuple[str, ...], j: int) -> str:
    return row[j] if j < len(row) else ""
