"""A question about downsides is answered from the downsides, and one about benefits
from the benefits, even when the passage lists the other side first."""

from __future__ import annotations

from composing import compose_from

from assistant import Passage

TEXT = """### Self-hosted Prometheus

**Advantages:**
- No licence fees for the monitoring stack
- Dashboards and alert rules can be customised freely

**Disadvantages:**
- One server struggles once the number of series grows large
- Keeping months of metrics needs an extra long-term store
"""


def answer(question: str) -> str:
    path = ("Observability", "Self-hosted Prometheus")
    passage = Passage("observability.md", "Observability", path, 0, len(TEXT), TEXT, 1.0)
    return compose_from(question, [passage], [TEXT]).text


def test_a_downside_question_is_answered_from_the_downsides_first():
    direct = answer("What's the catch with self-hosted Prometheus?").split("\n")[0]
    assert direct.startswith("Disadvantages: ")
    assert "long-term store" in direct and "series grows large" in direct


def test_a_benefit_question_is_answered_from_the_benefits_first():
    direct = answer("What are the benefits of self-hosted Prometheus?").split("\n")[0]
    assert direct.startswith("Advantages: ")
