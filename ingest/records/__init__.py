"""Decision records and provenance: the facts ingest keeps about each file beyond its text.

Read-side API for the assistant and front ends:

- `load_facts(generation_dir) -> Facts`; `Facts.of(file) -> DocumentFacts | None`;
  `Facts.in_force(file)`; `DocumentFacts.link(line, anchor)`.
- `decision_log(index_dir) -> DecisionLog`; `DecisionLog.to_dict()` / `.to_text()`;
  `problems(log) -> list[str]`.
"""

from __future__ import annotations

from .facts import RECORDS, DocumentFacts, Facts, build_facts, load_facts, write_facts
from .gather import facts_current, facts_key, facts_of, with_records
from .links import Relation
from .log import DecisionLog, LogEntry, decision_log, problems
from .metadata import RawRecord, read_raw, record_of
from .states import IN_FORCE, NOT_YET_IN_FORCE, Standing, State, StatusWords, parse_statuses

__all__ = ["IN_FORCE", "NOT_YET_IN_FORCE", "RECORDS", "DecisionLog", "DocumentFacts", "Facts",
           "LogEntry", "RawRecord", "Relation", "Standing", "State", "StatusWords", "build_facts",
           "decision_log", "facts_current", "facts_key", "facts_of", "load_facts",
           "parse_statuses", "problems", "read_raw", "record_of", "with_records", "write_facts"]
