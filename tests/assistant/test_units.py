"""Splitting passages into quotable units: sentences and list items; tables apart;
commands with their comment; headings never quoted."""

from __future__ import annotations

from assistant import Passage
from assistant.answering.units import Kind, split_units

SECTION = ("Storage for training data", "Training Data Storage", "Trade-offs")
TEXT = """### Trade-offs

FSx for Lustre gives sub-millisecond latency to every node. It costs more than S3 while idle!

- Choose **S3** for datasets and checkpoints.
- Use [EFS](https://example.com/efs) for notebooks,
  never as the training data pipe.

| Criterion | S3 | FSx for Lustre |
|---|---|---|
| Latency | Tens of milliseconds | Sub-millisecond |
| Scope | Regional | One Availability Zone |

```bash
# List the FSx file systems in this account
aws fsx describe-file-systems --query "FileSystems[].FileSystemId"
```

#### Sizing

Each file system needs at least 1.2 TiB of SSD capacity.
"""


def split():
    return split_units([Passage("storage.md", SECTION[0], SECTION, 0, len(TEXT), TEXT, 1.0)])


def test_paragraphs_split_into_sentences_without_markup():
    units, _ = split()
    texts = [u.text for u in units]
    assert "FSx for Lustre gives sub-millisecond latency to every node." in texts
    # "It" needs the sentence before it, so that one comes along.
    assert ("FSx for Lustre gives sub-millisecond latency to every node. "
            "It costs more than S3 while idle!") in texts


def test_each_list_item_is_one_unit_even_across_lines():
    units, _ = split()
    bullets = [u.text for u in units if u.kind is Kind.BULLET]
    assert bullets == ["Choose S3 for datasets and checkpoints.",
                       "Use EFS for notebooks, never as the training data pipe."]


def test_table_rows_are_kept_apart_as_cells_not_sentences():
    units, tables = split()
    assert len(tables) == 1
    assert tables[0].header == ("Criterion", "S3", "FSx for Lustre")
    assert tables[0].rows == (("Latency", "Tens of milliseconds", "Sub-millisecond"),
                              ("Scope", "Regional", "One Availability Zone"))
    assert tables[0].section_path == SECTION
    prose = [u for u in units if u.kind in (Kind.SENTENCE, Kind.BULLET)]
    assert not any("|" in u.text or "Tens of milliseconds" in u.text for u in prose)
    rows = [u for u in units if u.kind is Kind.ROW]
    # One unit per body row, each reading only its own row.
    assert len(rows) == 2
    assert "Tens of milliseconds" in rows[0].text and "Regional" not in rows[0].text
    assert "Regional" in rows[1].text and "Sub-millisecond" not in rows[1].text


def test_a_command_is_read_after_its_comment_and_headings_are_never_quoted():
    units, _ = split()
    code = [u for u in units if u.kind is Kind.CODE]
    assert [u.text for u in code] == ["List the FSx file systems in this account: aws fsx "
                                      'describe-file-systems --query "FileSystems[].FileSystemId"']
    assert not any(u.text in {"Trade-offs", "Sizing"} or u.text.startswith("#") for u in units)


def test_units_under_an_inner_heading_carry_its_path():
    units, _ = split()
    sizing = [u for u in units if "1.2 TiB" in u.text]
    assert [u.section_path for u in sizing] == [(*SECTION, "Sizing")]
    assert all(u.section_path == SECTION for u in units if u not in sizing)


LEAD_IN = """### When to choose

**Choose several clusters when:**
- Teams need hard isolation
- Compliance scopes differ

- **Pros:**
  - Each team upgrades on its own schedule
- One control plane fee per cluster adds up

A paragraph after the list stands on its own.

The model is serving requests now. Next, try:
- Exercise 2, distributed training
"""


def test_a_lead_in_line_is_read_before_each_item_of_its_list_and_quoted_verbatim():
    path = ("Clusters", "When to choose")
    passage = Passage("clusters.md", "Clusters", path, 0, len(LEAD_IN), LEAD_IN, 1.0)
    units, _ = split_units([passage])
    assert [u.text for u in units] == [
        "Choose several clusters when: Teams need hard isolation",
        "Choose several clusters when: Compliance scopes differ",
        "Pros: Each team upgrades on its own schedule",
        "One control plane fee per cluster adds up",  # back at the level of "Pros:"
        "A paragraph after the list stands on its own.",
        "The model is serving requests now.",  # only the paragraph's last sentence leads
        "Next, try: Exercise 2, distributed training",
    ]
    assert units[0].quote == "Choose several clusters when: … Teams need hard isolation"
    flat = " ".join(LEAD_IN.replace("**", "").split())
    assert all(piece in flat for u in units for piece in u.quote.split(" … "))


def test_a_sentence_that_leans_on_the_one_before_brings_it_along():
    text = ("The queue holds jobs until quota frees up. This keeps idle nodes at zero. "
            "Nodes start in about two minutes.")
    units, _ = split_units([Passage("q.md", "Queues", ("Queues", "Why"), 0, len(text), text, 1.0)])
    texts = [u.text for u in units]
    assert "The queue holds jobs until quota frees up. This keeps idle nodes at zero." in texts
    assert "This keeps idle nodes at zero." not in texts  # never without its antecedent
    assert "Nodes start in about two minutes." in texts  # a standalone sentence stays alone


def test_short_items_under_a_lead_in_are_read_together_in_order():
    text = ("The settings files are applied in this order:\n\n"
            "- `base.env`\n- `team.env`\n- `secrets.env`\n\n"
            "Later files win over earlier ones.\n")
    units, _ = split_units([Passage("config.md", "Config", ("Config", "Order"), 0, len(text),
                                    text, 1.0)])
    assert [u.text for u in units] == [
        "The settings files are applied in this order: base.env; team.env; secrets.env",
        "Later files win over earlier ones."]
    assert units[0].kind is Kind.BULLET


def test_a_passage_read_again_at_another_rank_carries_that_rank():
    # Readings are kept from question to question; each unit still names its own passage.
    first = Passage("storage.md", SECTION[0], SECTION, 0, len(TEXT), TEXT, 1.0)
    other = "### Costs\n\nIdle capacity is billed by the hour.\n"
    second = Passage("costs.md", "Costs", ("Costs",), 0, len(other), other, 0.5)
    units, tables = split_units([first, second])
    again, again_tables = split_units([second, first])
    assert {u.passage for u in units if u.text.startswith("Idle")} == {1}
    assert {u.passage for u in again if u.text.startswith("Idle")} == {0}
    assert {u.passage for u in again if "sub-millisecond" in u.text} == {1}
    assert [t.passage for t in tables] == [0] and [t.passage for t in again_tables] == [1]
    assert [u.text for u in again if u.passage == 1] == [u.text for u in units if u.passage == 0]


def test_a_records_own_metadata_lines_are_no_units_to_quote():
    from assistant.models import Record

    text = ("**Status:** Accepted\n**Date:** 12 May 2022\n\nWe will move the metadata store "
            "to Aurora Serverless v2. The status page is reviewed weekly.")
    record = Record(status="accepted", standing="in force", number=4, title="Use Aurora")
    as_record = Passage("0004-use-aurora.md", "decisions", ("4. Use Aurora",), 0, len(text),
                        text, 1.0, record=record)
    units, _ = split_units([as_record])
    assert [u.text for u in units] == ["We will move the metadata store to Aurora Serverless v2.",
                                       "The status page is reviewed weekly."]
    # In a page that is no record, the same line is prose like any other.
    units, _ = split_units([Passage("notes.md", "notes", ("Notes",), 0, len(text), text, 1.0)])
    assert units[0].text.startswith("Status: Accepted")
