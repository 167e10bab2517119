"""Where the decisions an answer draws on stand, said first: a record that is superseded,
rejected, deprecated or only proposed never reads as the rule in force."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ingest.tuning import StandingParams

from ..models import Answer, Passage, Record

MAX_STATUS_WORDS = 3  # of a record's own status line; a longer one is prose


def standing_lines(passages: Sequence[Passage], records: Mapping[str, Record],
                   params: StandingParams, asked: Sequence[Passage] = ()) -> list[str]:
    """One line per decision record among the first passages, in their order, at most
    `params.max_records`: its status, date and the records that replace or amend it. The
    first record always (it is the record in force when one was fetched for it), even
    behind a page that is no record, such as the folder's index; the record of an ask's
    own section (`asked`), which the answer quotes for that ask; another only when its
    passage is near the best (`params.near_best`)."""
    lines: list[str] = []
    seen: set[str] = set()
    near = params.near_best * max((p.score for p in passages), default=0.0)
    quoted = {p.file for p in asked}
    for passage in passages:
        record = passage.record
        if record is None or passage.file in seen:
            continue
        if lines and passage.score < near and passage.file not in quoted:
            continue
        seen.add(passage.file)
        lines.append(_line(record, records))
        if len(seen) == params.max_records:
            break
    return lines


def _line(record: Record, records: Mapping[str, Record]) -> str:
    def names(files: Sequence[str]) -> str:
        named = [records[f].name if f in records else f for f in files]
        return " and ".join(f"**{name}**" for name in named)

    # The record's own word first ("Pending"): readers search for it; the state explains it.
    own = _own_words(record.status_text)
    word = own or record.status or "of no stated status"
    details = [record.status] if own and record.status and own.lower() != record.status else []
    details += [record.date] if record.date else []
    parts = [f"**{record.name}** is {word}" + (f" ({', '.join(details)})" if details else "")]
    standing = None if record.in_force else record.standing
    if record.superseded_by:  # the reason it is out of force, when it is
        parts.append(f"superseded by {names(record.superseded_by)}"
                     + (f", so {standing}" if standing else ""))
    elif standing:
        parts[0] += f" and {standing}"
    if record.amended_by:
        parts.append(f"amended by {names(record.amended_by)}")
    if record.supersedes:
        parts.append(f"it supersedes {names(record.supersedes)}")
    return "; ".join(parts) + "."


def with_standing(answer: Answer, lines: Sequence[str]) -> Answer:
    """The answer led by its records' standing lines, in its text and its body."""
    if not lines:
        return answer
    lead = "\n\n".join(lines)
    text = f"{lead}\n\n{answer.text}"
    if answer.comparison is not None:  # drawn before the table, as the text reads
        return replace(answer, text=text, intro=f"{lead}\n\n{answer.intro}")
    return replace(answer, text=text, body=f"{lead}\n\n{answer.body}".strip())


def _own_words(status_text: str) -> str:
    """The leading words of a status line ("Pending", "Partly superseded"), up to the first
    that is no plain word (a link, a date, "by")."""
    words = []
    for word in status_text.split()[:MAX_STATUS_WORDS]:
        if not word.isalpha() or word.lower() == "by":
            break
        words.append(word)
    return " ".join(words)
