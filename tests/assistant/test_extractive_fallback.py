"""An answer is never empty while passages were found."""

from __future__ import annotations

from composing import compose_from

from assistant import Passage

SCRIPT = """### Cost model

```python
def monthly(hours):
    return hours * 2
```
"""


def test_passages_with_nothing_to_quote_are_pointed_to_and_cited_whole():
    path = ("Costs", "Cost model")
    passage = Passage("costs.md", "Costs", path, 0, len(SCRIPT), SCRIPT, 0.8)
    answer = compose_from("How is the monthly cost computed?", [passage], [SCRIPT])
    assert not answer.refused
    assert "- Cost model [1]" in answer.text
    (citation,) = answer.citations
    assert citation.section_path == path and citation.quote == SCRIPT
