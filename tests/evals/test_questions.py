"""Loading a question file: good lines are kept, each bad one is named with its line."""

from __future__ import annotations

import json

from evals.questions import parse_questions


def _line(**fields) -> str:
    record = {"id": "q1", "question": "Which storage holds checkpoints?", "kind": "lookup",
              "answerable": True,
              "expected": [{"file": "training-storage.md", "section": "Trade-offs"}],
              "must_mention": ["FSx for Lustre"], "notes": ""}
    return json.dumps({**record, **fields})


def test_good_lines_become_questions_and_blank_lines_are_ignored():
    loaded = parse_questions([_line(), "", _line(id="q2", kind="unanswerable",
                                                 answerable=False, expected=[],
                                                 must_mention=[])])
    assert loaded.bad == ()
    assert [(q.id, q.line, q.answerable) for q in loaded.questions] == [
        ("q1", 1, True), ("q2", 3, False)]
    assert loaded.questions[0].gold()["expected"] == [
        {"file": "training-storage.md", "section": "Trade-offs"}]


def test_a_status_question_is_a_good_line():
    loaded = parse_questions([_line(kind="status")])
    assert loaded.bad == ()
    assert loaded.questions[0].kind == "status"


def test_each_bad_line_is_named_once_and_the_rest_are_kept():
    loaded = parse_questions([
        _line(),
        '{"id": "q2", "question": ',  # truncated
        _line(id="q3", kind="trivia"),
        _line(id="q1"),  # duplicate id
        "[1, 2]",
        _line(id="q6"),
    ])
    assert [q.id for q in loaded.questions] == ["q1", "q6"]
    messages = [b.message("set.jsonl") for b in loaded.bad]
    assert messages[0].startswith("set.jsonl:2: ?: invalid JSON")
    assert messages[1].startswith("set.jsonl:3: q3: kind 'trivia' is not one of")
    assert messages[2] == "set.jsonl:4: q1: duplicate id (first used on line 1)"
    assert messages[3] == "set.jsonl:5: ?: line is not a JSON object"
    assert all("\n" not in m for m in messages)


def test_a_line_missing_fields_is_bad():
    line = json.loads(_line())
    del line["must_mention"]
    loaded = parse_questions([json.dumps(line)])
    assert loaded.questions == ()
    assert loaded.bad[0].reasons == ("missing field(s): must_mention",)
