"""A comparison cell holds only what its own option's text says, and each criterion
appears once."""

from __future__ import annotations

from composing import compose_from

from assistant import Passage

TEXT = """## Accelerators

| Aspect | Trainium | GPUs |
|---|---|---|
| Cost | Lower per training hour | Higher per hour |
| When to choose | Steady, large training runs | Broad framework support |

### Trainium

Trainium needs the Neuron SDK, but some operators are not supported yet.
Choose Inferentia when the model only serves predictions.

### GPUs

GPUs run every framework, but capacity is scarce in some regions.
"""


def compare():
    path = ("Compute", "Accelerators")
    passage = Passage("compute.md", "Compute", path, 0, len(TEXT), TEXT, 1.0)
    return compose_from("Trainium or GPUs?", [passage], [TEXT], ["Trainium", "GPUs"])


def test_each_criterion_appears_once():
    criteria = compare().comparison.criteria
    assert len(criteria) == len({c.lower() for c in criteria})
    assert "When to choose" in criteria  # the documents' own row, not a second one


def test_advice_naming_another_thing_is_in_no_cell_of_this_option():
    table = compare().comparison
    trainium = [row[table.options.index("Trainium")] for row in table.cells]
    assert not any("Inferentia" in cell.text for cell in trainium)
