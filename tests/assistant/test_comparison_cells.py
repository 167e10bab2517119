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


OWN_SECTIONS = """## Training data

| Aspect | S3 | FSx for Lustre | EFS |
|---|---|---|---|
| Access | Object | Parallel POSIX | NFS |
| Latency | Tens of ms | Sub-ms | Low ms |
| Scope | Region | One AZ | Region |

### Decision Criteria

- **Reconfiguration frequency**: changing a layout needs S3 data to be copied again.

### FSx for Lustre: pros and cons

Lustre removes I/O as a bottleneck for multi-node training, and the S3 link keeps S3
as the source of truth.
"""


def compare_storage():
    path = ("Storage", "Training data")
    passage = Passage("storage.md", "Storage", path, 0, len(OWN_SECTIONS), OWN_SECTIONS, 1.0)
    return compose_from("S3, FSx for Lustre or EFS for training data?", [passage],
                        [OWN_SECTIONS], ["S3", "FSx for Lustre", "EFS"])


def test_a_section_headed_for_one_option_fills_that_options_column_alone():
    table = compare_storage().comparison
    column = {option: [row[i].text for row in table.cells]
              for i, option in enumerate(table.options)}
    assert any("removes I/O" in text for text in column["FSx for Lustre"])
    assert not any("removes I/O" in text for text in column["S3"])


def test_a_documents_own_table_of_several_criteria_is_the_whole_comparison():
    criteria = compare_storage().comparison.criteria
    assert {"Access", "Latency", "Scope"} <= set(criteria)
    assert "Reconfiguration frequency" not in criteria  # a criteria list's, elsewhere


ADVICE = """## Accelerators

| Aspect | Trainium | GPUs |
|---|---|---|
| Cost | Lower per training hour | Higher per hour |
| Porting | Moderate | None |
| Supply | Easier | Tight |

### Recommendations

- Choose NVIDIA GPUs as the default when the model landscape changes quickly.
- Choose CPU instances for data pipelines and small embedding models.
- Keep container images portable across accelerator types.
"""


def test_advice_beside_a_comparison_is_about_the_options_compared():
    path = ("Compute", "Accelerators")
    passage = Passage("compute.md", "Compute", path, 0, len(ADVICE), ADVICE, 1.0)
    answer = compose_from("Trainium or GPUs for training?", [passage], [ADVICE],
                          ["Trainium", "GPUs"])
    table = answer.comparison
    gpus = [row[table.options.index("GPUs")].text for row in table.cells]
    assert any("Choose NVIDIA GPUs" in cell for cell in gpus)
    assert "CPU instances" not in answer.text


def test_the_prose_below_the_table_does_not_repeat_its_cells():
    path = ("Compute", "Accelerators")
    passage = Passage("compute.md", "Compute", path, 0, len(ADVICE), ADVICE, 1.0)
    answer = compose_from("Trainium or GPUs for training?", [passage], [ADVICE],
                          ["Trainium", "GPUs"])
    assert answer.text.count("Choose NVIDIA GPUs as the default") == 1
