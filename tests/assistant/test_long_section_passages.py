"""A section longer than its share of the context budget is read by the chunks that match
the question, wherever they lie in it, not only by the best chunk's neighbours."""

from __future__ import annotations

from dataclasses import replace

import pytest
from answer_checks import source_mismatch

from assistant import Assistant
from ingest.settings import Settings

FILLER = "\n\n".join(
    f"Check {i}: the on-call engineer confirms that dashboard panel {i} shows no "
    f"warnings for the night shift before moving to the next panel."
    for i in range(40))
RUNBOOK = f"""# Rotating the signing keys

## Procedure

Rotation begins by minting the replacement key in the vault under the label kestrel-next.

{FILLER}

Once rotation is over, the retired key remains readable for nineteen days, so tokens
signed before the switch still verify.
"""
QUESTION = ("Under which label is the replacement key minted, and how long does "
            "the retired key remain readable?")


@pytest.fixture(scope="module")
def runbook(tmp_path_factory: pytest.TempPathFactory, embedder) -> tuple[Assistant, str]:
    from ingest.pipeline import ingest

    top = tmp_path_factory.mktemp("runbook")
    (top / "docs").mkdir()
    (top / "docs" / "rotation.md").write_text(RUNBOOK, encoding="utf-8")
    settings = Settings(index_dir=top / "index", cache_dir=top / "cache")
    assert not ingest(top / "docs", settings, embedder=embedder).failed
    # Room for a few chunks of the section, far less than all of it.
    tight = replace(settings, max_context_chars=len(RUNBOOK) // 3)
    return Assistant.open(settings=tight, embedder=embedder), RUNBOOK


def test_the_matching_chunks_of_a_long_section_are_read_though_far_apart(runbook):
    assistant, source = runbook
    passage = assistant.retrieve(QUESTION, k=1)[0]
    assert len(passage.text) < len(source) // 2  # the section was cut to fit
    assert "kestrel-next" in passage.text
    assert "nineteen days" in passage.text
    assert source_mismatch(passage, source) is None  # its pieces are the source's, in order
