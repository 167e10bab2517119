"""A document's own comparison table, whichever way round it is laid out, fills the
comparison: its criteria become rows and every cell is cited."""

from __future__ import annotations

from answer_checks import quote_in_text
from composing import compose_from

from assistant import Passage
from assistant.answering.option_tables import Table, criterion_rows

BY_COLUMN = Table(("Aspect", "Single Cluster", "Multiple Clusters"),
                  (("Cost", "Lower", "Higher"), ("Blast radius", "Larger", "Smaller")),
                  0, ("Clusters", "Trade-offs"))
BY_ROW = Table(("Tool", "Learning curve", "Flexibility"),
               (("Kubeflow", "High", "Medium"), ("Ray", "Medium", "High")),
               0, ("Training", "Orchestrators"))


def test_options_as_columns_each_take_their_own_column():
    # "cluster" names both columns; the more specific option takes its own first.
    rows = criterion_rows(BY_COLUMN, ["cluster", "multiple clusters"])
    assert [r.label for r in rows] == ["Cost", "Blast radius"]
    assert {o: c.text for o, c in rows[0].cells.items()} == {
        "multiple clusters": "Higher", "cluster": "Lower"}
    assert rows[0].cells["cluster"].quote == "Cost: Lower"


def test_options_as_rows_read_each_column_as_a_criterion():
    rows = criterion_rows(BY_ROW, ["Kubeflow training operator", "Ray"])
    assert [r.label for r in rows] == ["Learning curve", "Flexibility"]
    assert rows[1].cells["Ray"].text == "High"
    assert rows[1].cells["Kubeflow training operator"].quote == "Kubeflow: Medium"


def test_a_table_naming_no_option_gives_nothing():
    assert criterion_rows(BY_ROW, ["S3", "EFS"]) == []


TEXT = """### Orchestrators

| Tool | Learning curve | Flexibility | Cost |
|---|---|---|---|
| **Kubeflow** | High | Medium | Free, runs in the cluster |
| **Ray** | Medium | High | Free, runs in the cluster |
"""


def test_a_comparison_takes_the_documents_own_criteria_as_its_rows():
    path = ("Training", "Orchestrators")
    passage = Passage("training.md", "Training", path, 0, len(TEXT), TEXT, 1.0)
    answer = compose_from("Kubeflow or Ray?", [passage], [TEXT], ["Kubeflow", "Ray"])
    table = answer.comparison
    assert table is not None
    assert table.criteria == ("Learning curve", "Flexibility", "Cost")  # the table's own
    learning, _, cost = table.cells
    assert [c.text for c in cost] == ["Free, runs in the cluster"] * 2
    assert [c.text for c in learning] == ["High", "Medium"]
    for citation in answer.citations:
        for piece in citation.quote.split(" … "):
            assert quote_in_text(piece, TEXT), piece
