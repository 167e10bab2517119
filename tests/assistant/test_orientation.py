"""A sentence about the document itself ("This chapter is for ...") or one that only
points elsewhere ("See ... for details") is never quoted as evidence; the sentences
about its subject are."""

from __future__ import annotations

from composing import compose_from

from assistant import Passage

TEXT = """## Storage for checkpoints

This chapter is for platform engineers who choose storage for training checkpoints.
Checkpoints of large models go to FSx for Lustre, which writes at hundreds of GB/s.
In this guide we compare the storage options for checkpoints.
See the storage chapter for checkpoint details.
"""


def test_orientation_sentences_are_not_quoted_as_evidence():
    path = ("Storage", "Storage for checkpoints")
    passage = Passage("storage.md", "Storage", path, 0, len(TEXT), TEXT, 1.0)
    answer = compose_from("Where should training checkpoints be stored?", [passage], [TEXT])
    assert "FSx for Lustre" in answer.text
    assert "chapter is for" not in answer.text and "In this guide" not in answer.text
    assert "See the storage chapter" not in answer.text
