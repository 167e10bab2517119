"""Shaping answers for the chat: comparison tables, links, follow-ups."""

from __future__ import annotations

from assistant import Answer, Cell, Citation, Comparison, Passage
from ui.present.render import comparison_rows, follow_ups, parse_section, source_query

DECISION = ("Storage for training data", "Training Data Storage: S3, FSx for Lustre or EFS")
TRADE_OFFS = (*DECISION, "Trade-offs")
FSX = (*DECISION, "Options", "FSx for Lustre")
EFS = (*DECISION, "Options", "Amazon EFS")
S3 = (*DECISION, "Options", "Amazon S3 with Mountpoint")
RECOMMENDATIONS = (*DECISION, "Recommendations")


def citation(n: int, path: tuple[str, ...]) -> Citation:
    return Citation(n, "storage.md", path[0], path, f"quote {n}")


def passage(path: tuple[str, ...]) -> Passage:
    return Passage("storage.md", path[0], path, 0, 10, "text", 0.5)


COMPARISON = Comparison(("S3", "FSx for Lustre"), ("Cost", "Operations"),
                        ((Cell("Lowest", 1), Cell("Medium", 2)),
                         (Cell("not covered", None), Cell("Minutes to provision", 2))))


def test_comparison_cells_show_their_citation_or_not_covered() -> None:
    assert comparison_rows(COMPARISON) == [
        {"Criterion": "Cost", "S3": "Lowest [1]", "FSx for Lustre": "Medium [2]"},
        {"Criterion": "Operations", "S3": "not covered",
         "FSx for Lustre": "Minutes to provision [2]"},
    ]


def test_a_source_link_round_trips_the_section_path() -> None:
    query = source_query(citation(1, FSX))
    assert query["file"] == "storage.md"
    assert parse_section(query["section"]) == FSX


def test_follow_ups_come_from_related_sections_not_the_main_one() -> None:
    answer = Answer("...", (citation(1, FSX), citation(2, TRADE_OFFS)),
                    (passage(FSX), passage(S3)), refused=False)
    index = [DECISION, S3, FSX, EFS, TRADE_OFFS, RECOMMENDATIONS]
    questions = follow_ups("When is FSx for Lustre worth it?", answer, index)
    assert questions == ["What are the trade-offs of Training Data Storage?",
                         "When should I choose Amazon S3 with Mountpoint?",
                         "When should I choose Amazon EFS?"]
    assert follow_ups("When is FSx for Lustre worth it?", answer, index) == questions


def test_follow_ups_skip_what_the_question_names_and_offer_uncited_parts() -> None:
    answer = Answer("...", (citation(1, TRADE_OFFS),), (passage(TRADE_OFFS),), refused=False)
    questions = follow_ups("Amazon EFS or Amazon S3 with Mountpoint?", answer,
                           [S3, FSX, EFS, TRADE_OFFS, RECOMMENDATIONS])
    assert questions == ["When should I choose FSx for Lustre?",
                         "What do the documents recommend for Training Data Storage?"]


def test_a_refusal_gets_no_follow_ups() -> None:
    assert follow_ups("Azure?", Answer("no", (), (passage(FSX),), refused=True), [FSX]) == []
