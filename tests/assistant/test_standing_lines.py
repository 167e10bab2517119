"""Standing lines name the records an answer is about, not every record that matched."""

from __future__ import annotations

from assistant.answering.standing import standing_lines
from assistant.models import Passage, Record
from ingest.tuning import StandingParams


def _passage(file: str, score: float, record: Record | None) -> Passage:
    return Passage(file, "Chapter", ("Chapter",), 0, 10, "text", score, record=record)


def _record(number: int, status: str) -> Record:
    return Record(status=status, standing="in force" if status == "accepted" else "not in force",
                  status_text=status.capitalize(), number=number, title=f"Record {number}")


def test_records_far_below_the_best_passage_are_not_named():
    passages = [_passage("a.md", 1.9, _record(1, "accepted")),
                _passage("b.md", 1.8, _record(2, "rejected")),
                _passage("c.md", 1.0, _record(3, "accepted"))]
    lines = standing_lines(passages, {}, StandingParams())
    assert [line.split(":")[0] for line in lines] == ["**ADR 1", "**ADR 2"]
    assert "Rejected" in lines[1] and "not in force" in lines[1]


def test_the_first_passage_is_named_though_a_later_one_scores_higher():
    # The record in force is placed first when it was fetched for a superseded one.
    passages = [_passage("new.md", 1.2, _record(9, "accepted")),
                _passage("old.md", 2.0, _record(4, "superseded")),
                _passage("plain.md", 1.9, None)]
    lines = standing_lines(passages, {}, StandingParams())
    assert len(lines) == 2 and lines[0].startswith("**ADR 9: Record 9** is Accepted")


def test_the_first_record_is_named_behind_a_page_that_is_no_record():
    passages = [_passage("README.md", 2.0, None),
                _passage("b.md", 1.0, _record(2, "superseded")),
                _passage("c.md", 0.9, _record(3, "accepted"))]
    lines = standing_lines(passages, {}, StandingParams())
    assert [line.split(":")[0] for line in lines] == ["**ADR 2"]


def test_the_record_an_ask_is_answered_from_is_named_however_low_it_ranks():
    asked = _passage("c.md", 1.0, _record(3, "proposed"))
    passages = [_passage("a.md", 2.0, _record(1, "accepted")),
                _passage("b.md", 1.1, _record(2, "accepted")), asked]
    lines = standing_lines(passages, {}, StandingParams(), asked=[asked])
    assert [line.split(":")[0] for line in lines] == ["**ADR 1", "**ADR 3"]


def test_up_to_four_records_are_named():
    passages = [_passage(f"{n}.md", 2.0 - n / 100, _record(n, "accepted")) for n in range(1, 7)]
    lines = standing_lines(passages, {}, StandingParams())
    assert [line.split(":")[0] for line in lines] == ["**ADR 1", "**ADR 2", "**ADR 3", "**ADR 4"]
