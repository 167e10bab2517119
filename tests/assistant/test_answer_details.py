"""The answer runs as long as its evidence: after the direct answer, a paragraph of more
of what its own document says on the question, while those units score near its best."""

from __future__ import annotations

from answer_checks import readable
from composing import compose_from

from assistant import Passage
from ingest.tuning import ExtractiveParams

QUESTION = "How are quillon snapshots of the ledger restored?"
STRONG = [
    "Quillon snapshots of the ledger are restored from the newest manifest.",
    "Quillon snapshots of the ledger are restored one table at a time.",
    "Restored quillon snapshots of the ledger are checked against their hashes.",
    "Quillon snapshots of the ledger are restored by the backup operator role.",
    "Quillon snapshots of the ledger are restored into a fresh volume first.",
    "Quillon ledger snapshots are restored within two hours for a typical cluster.",
]
WEAK = "The archive team meets every Tuesday."
TEXT = " ".join([*STRONG, WEAK])
CORPUS = [TEXT, "Clusters scale by node groups.", "Budgets are reviewed each quarter."]


def _paragraphs(passages: list[Passage]) -> list[str]:
    body = compose_from(QUESTION, passages, CORPUS).body
    return [readable(paragraph) for paragraph in body.split("\n\n")]


def test_units_near_the_best_are_all_quoted_beyond_the_direct_count():
    passage = Passage("ledger.md", "Ledger", ("Ledger", "Restores"), 0, len(TEXT), TEXT, 1.0)
    direct, details = _paragraphs([passage])[:2]
    count = ExtractiveParams().direct_units
    assert count < len(STRONG)
    assert sum(sentence in direct for sentence in STRONG) == count
    assert sum(sentence in details for sentence in STRONG) == len(STRONG) - count


def test_a_unit_far_below_the_best_is_no_detail():
    passage = Passage("ledger.md", "Ledger", ("Ledger", "Restores"), 0, len(TEXT), TEXT, 1.0)
    assert not any(WEAK in paragraph for paragraph in _paragraphs([passage]))


def test_no_sentence_is_quoted_twice_when_units_bring_their_antecedents():
    text = ("A scale-out adds many nodes to the pool at once. This surge of nodes strains "
            "the cloud API with calls. This strain delays every new pod by minutes. "
            "Pods wait for the cloud API before they start.")
    passage = Passage("pool.md", "Pool", ("Pool", "Scale-out"), 0, len(text), text, 1.0)
    body = compose_from("Why do pods wait for the cloud API during a scale-out?", [passage],
                        [text, "Budgets are reviewed each quarter."]).body
    for sentence in ("This surge of nodes strains the cloud API with calls.",
                     "This strain delays every new pod by minutes."):
        assert readable(body).count(sentence) <= 1, body
