"""A passage made of several chunks reads exactly as its source: split code blocks,
tables and lists rejoin line by line, without the headers their pieces repeat."""

from __future__ import annotations

import pytest

from assistant.retrieval.passage_text import fair_shares, heading_path, join_chunks
from ingest.chunking import chunk_document
from ingest.documents import Document, Format
from ingest.embedding import model_dir
from ingest.tokens import TokenCounter

SIZES = "\n".join(f"  Model class {i}:\n    - Instance: p{i}.48xlarge\n    - Cost: ~${i}.50/hour\n"
                  for i in range(12))
ROWS = "\n".join(f"| Option {i} | {i} GiB | ${i}.00 per month |" for i in range(30))
STEPS = "\n".join(f"- Step {i}: drain the node group and wait for the pods to move."
                  for i in range(30))
SOURCE = f"""# Sizing

## Instance sizes

```yaml
Training:
{SIZES}```

## Prices

| Option | Size | Price |
|---|---|---|
{ROWS}

## Upgrade steps

{STEPS}
"""


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("section", ["Instance sizes", "Prices", "Upgrade steps"])
def test_a_split_block_rejoins_as_its_source(section):
    doc = Document("sizing.md", SOURCE, Format.MARKDOWN, "0" * 64)
    chunks = [c for c in chunk_document(doc, TokenCounter(model_dir()), chunk_tokens=80)
              if c.section_path[-1] == section]
    assert len(chunks) > 2  # the block really was split
    joined = join_chunks(chunks)
    assert lines(joined) == lines(SOURCE[chunks[0].start:chunks[-1].end])


@pytest.mark.parametrize(("sizes", "budget", "shares"), [
    ([100, 5000, 5000], 3000, [100, 1450, 1450]),  # the small section leaves room to others
    ([800, 900], 5000, [800, 900]),  # all fit whole
    ([4000, 4000, 4000], 3000, [1000, 1000, 1000]),
])
def test_the_context_budget_is_shared_so_small_sections_leave_room(sizes, budget, shares):
    assert fair_shares(sizes, budget) == shares


def test_a_passage_of_several_sections_is_filed_under_the_path_they_share():
    text = ("# 3. Cache sessions\n\n## Status\n\nAccepted\n\n## Context\n\nLogins are slow.\n\n"
            "## Decision\n\n" + "Sessions live in the cache for an hour. " * 20 + "\n")
    chunks = chunk_document(Document("adr/0003.md", text, Format.MARKDOWN, "0" * 64),
                            TokenCounter(model_dir()))
    assert heading_path(chunks) == (("3. Cache sessions",), ("Status", "Context", "Decision"))
    decision = [c for c in chunks if c.section_path[-1] == "Decision"]
    assert heading_path(decision) == (("3. Cache sessions", "Decision"), ())


def test_a_code_block_cut_short_before_a_gap_is_closed_there():
    # A passage may skip chunks of a long section: the piece of a code block before the
    # gap must not leave the block open over the paragraphs after it.
    doc = Document("sizing.md", SOURCE, Format.MARKDOWN, "0" * 64)
    chunks = [c for c in chunk_document(doc, TokenCounter(model_dir()), chunk_tokens=80)
              if c.section_path[-1] == "Instance sizes"]
    first, later = chunks[0], chunks[2]
    assert first.end != later.start and first.text.count("```") == 1  # left open
    joined = join_chunks([first, later])
    before = joined[:joined.index(later.text)]
    assert before.rstrip().endswith("```") and before.count("```") == 2
