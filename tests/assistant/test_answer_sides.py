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


def direct_answer(question: str) -> list[str]:
    """The lines of the answer's first paragraph."""
    return answer(question).split("\n\n")[0].split("\n")


def test_a_downside_question_is_answered_from_the_downsides_first():
    lead, *items = direct_answer("What's the catch with self-hosted Prometheus?")
    assert lead == "Disadvantages:"  # the lead-in once, over the items it leads
    assert any("long-term store" in item for item in items)
    assert any("series grows large" in item for item in items)
    assert all(item.startswith("- ") and "Disadvantages" not in item for item in items)


def test_a_benefit_question_is_answered_from_the_benefits_first():
    assert direct_answer("What are the benefits of self-hosted Prometheus?")[0] == "Advantages:"


def test_a_question_asking_both_sides_lifts_both_sides():
    from assistant.answering.selection import score_units
    from assistant.answering.units import split_units
    from assistant.query.reading import read_query
    from assistant.query.terms import Vocabulary

    path = ("Observability", "Self-hosted Prometheus")
    passage = Passage("observability.md", "Observability", path, 0, len(TEXT), TEXT, 1.0)
    units, _ = split_units([passage])
    vocabulary = Vocabulary.build([TEXT, "Logs rotate daily."])

    def score(question: str, words: str) -> float:
        query = read_query(question, None, vocabulary, knows=lambda phrase: True)
        scores = score_units(units, query, vocabulary, 1)
        return next(s for u, s in zip(units, scores, strict=True) if words in u.text)

    both = "What are the upsides and downsides of self-hosted Prometheus?"
    down = "What are the downsides of self-hosted Prometheus?"
    # The benefits are lifted as the drawbacks are, not left to a downsides question's order.
    assert score(both, "No licence fees") > score(down, "No licence fees")


def test_a_section_headed_for_the_side_asked_is_quoted_however_it_scores():
    overview = ("Split clusters let each workload keep its own rhythm. Training clusters "
                "favour large nodes; serving clusters favour many small replicas.")
    sides = ("Each cluster upgrades on its own schedule. The cost is stranded capacity: "
             "idle serving nodes cannot take training bursts.")
    passages = [
        Passage("clusters.md", "Clusters", ("Clusters", "Split clusters"), 0,
                len(overview), overview, 2.0),
        Passage("clusters.md", "Clusters", ("Clusters", "Split clusters: pros and cons"),
                len(overview), len(overview) + len(sides), sides, 1.0),
    ]
    answer = compose_from("What do we lose by splitting training and serving clusters?",
                          passages, [overview, sides, "Budgets are reviewed yearly."])
    assert "stranded capacity" in answer.body


def test_a_lead_in_is_quoted_once_before_its_items():
    path = ("Observability", "Self-hosted Prometheus")
    passage = Passage("observability.md", "Observability", path, 0, len(TEXT), TEXT, 1.0)
    answer = compose_from("What's the catch with self-hosted Prometheus?", [passage], [TEXT])
    quote = answer.citations[0].quote
    assert quote.count("Disadvantages:") == 1
    assert quote.index("Disadvantages:") < quote.index("series grows large")


def test_under_a_plain_heading_the_sentence_weighing_a_cost_answers_a_downside_question():
    text = ("Serverless hosting lets the cloud provider run the servers for each model "
            "endpoint, and it bills per request. Endpoints scale to zero overnight. "
            "Serverless hosting removes server upkeep, but the first request after a "
            "quiet spell waits for a cold start. Endpoints are listed in the console.")
    passage = Passage("hosting.md", "Hosting", ("Hosting", "Serverless hosting"), 0,
                      len(text), text, 1.0)
    answer = compose_from("What's the catch with serverless hosting for model endpoints?",
                          [passage], [text])
    assert answer.body.splitlines()[0].startswith("Serverless hosting removes server upkeep, "
                                                  "but the first request")
