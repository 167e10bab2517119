"""A decision record is answered from what it decided before its context."""

from __future__ import annotations

from dataclasses import replace

from composing import compose_from

from assistant import Passage
from assistant.models import Record

TEXT = """# 7. Certificate backups

## Context

Signed certificates are lost when the build server is rebuilt.

## Decision

Backups of signed certificates are deferred until the build server is stable.
"""
PATH = ("7. Certificate backups",)
CORPUS = [TEXT, "Nodes scale by queue depth.", "Logs are kept for a month."]
QUESTION = "Are the build server's signed certificates backed up?"


def _first_sentence(record: Record | None) -> str:
    passage = replace(Passage("adr/0007.md", PATH[0], PATH, 0, len(TEXT), TEXT, 1.0),
                      record=record)
    return compose_from(QUESTION, [passage], CORPUS).body.split(" [")[0]


def test_a_record_is_answered_first_from_its_deciding_section():
    record = Record(status="accepted", standing="in force", status_text="Accepted", number=7)
    assert _first_sentence(record) == ("Backups of signed certificates are deferred until "
                                       "the build server is stable.")


def test_a_document_that_is_no_record_keeps_the_order_of_shared_words():
    assert _first_sentence(None).startswith("Signed certificates are lost")
