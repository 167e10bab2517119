"""Where decision records stand in the passages: the record in force ahead of the one it
replaced, and what a record decided beside the context that matched the question."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ingest.tuning import RetrievalConfig

from ..language import DECIDING_HEADING
from ..models import Passage
from ..query.reading import Query
from .retriever import Retriever, chapter_files
from .scope import Scope

# A record's sections read when looking for its deciding one: more than any template has.
RECORD_SECTIONS = 20


def in_force_first(query: Query, passages: list[Passage], scope: Scope,
                   retriever: Retriever) -> list[Passage]:
    """Each passage from a record not in force is preceded by the best passage of the
    record that superseded or amended it: the latest word on the decision is answered
    from, and the old one stays as history. A passage from a record in force that
    another amended is followed by the amendment's. Passages are fetched when retrieval
    missed them. A question about what was decided before keeps the ranking as it is."""
    if query.asks_history or not any(p.record for p in passages):
        return passages
    ordered: list[Passage] = []
    in_scope = chapter_files(scope.chapters, retriever.snapshot)  # None: every file

    def add_best_of(files: Sequence[str]) -> None:
        for file in files:
            taken = any(p.file == file for p in ordered)
            if taken or (in_scope is not None and file not in in_scope):
                continue
            found = [p for p in passages if p.file == file] or retriever.retrieve(
                query.retrieval_text, 1, scope.max_chars // scope.k, [file],
                scope.parts).passages
            ordered.extend(found[:1])

    for passage in passages:
        record = passage.record
        if record is not None and not record.in_force:
            add_best_of((*record.superseded_by, *record.amended_by))
        if passage not in ordered:
            ordered.append(passage)
        if record is not None and record.in_force:
            add_best_of(record.amended_by)
    return ordered[:max(scope.k, len(passages))]


def decision_beside_best(query: Query, passages: list[Passage], scope: Scope,
                         retriever: Retriever, config: RetrievalConfig) -> list[Passage]:
    """When the best passage is a decision record's context or options and not what it
    decided, the record's deciding section ("Decision", "Decision Outcome") follows it,
    and the last passage makes room: a question that matched why a decision was needed
    is answered by what was decided. `config` searches the record's own sections."""
    if not passages or passages[0].record is None or scope.parts:
        return passages
    best = passages[0]
    if any(p.file == best.file and _decides(p) for p in passages):
        return passages
    sections = retriever.retrieve(query.retrieval_text, RECORD_SECTIONS,
                                  RECORD_SECTIONS * scope.max_chars // scope.k, [best.file],
                                  config=config).passages
    deciding = next((p for p in sections if _decides(p)), None)
    if deciding is None:
        return passages
    return [best, replace(deciding, score=best.score), *passages[1:]][:max(scope.k,
                                                                          len(passages))]


def _decides(passage: Passage) -> bool:
    return any(DECIDING_HEADING.match(heading)
               for heading in (*passage.section_path, *passage.covers))
