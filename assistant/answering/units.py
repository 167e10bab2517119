"""Split passages into the units an extractive answer quotes.

Prose gives sentences and list items. Tables are kept whole for the comparison table
and give one unit per row. Code gives only the values it states, under their key
(`persistent_2: cost_per_tib_month: 290`): documents often keep their figures there.
Headings are never quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, lru_cache

from ingest.keyword import tokenize
from ingest.records.metadata import FIELD_LINE

from ..language import DECIDING_HEADING, LEANS_BACK, ORIENTATION
from ..models import QUOTE_JOINER, Passage, Record
from ..query.options import singular
from ..retrieval.evidence import stem
from .code_values import value_stanzas
from .option_tables import Table

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(`*_\[])")
MAX_LEAD_WORDS = 12  # a longer line ending in ":" is a sentence of its own
_EMPHASIS = re.compile(r"(\*\*|__|`)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


class Kind(StrEnum):
    SENTENCE = "sentence"
    BULLET = "bullet"
    ROW = "row"  # a table row, read as "column: value" pairs
    CODE = "code"  # values a code block states, led by their key (see code_values)


@dataclass(frozen=True)
class Unit:
    text: str  # plain text, Markdown emphasis and link targets removed
    passage: int  # index of its passage
    section_path: tuple[str, ...]  # the deepest heading it sits under
    kind: Kind = Kind.SENTENCE
    # The source it reads, verbatim, when `text` reads differently: pieces that are not
    # adjacent in the source are joined by " … ". Citations quote this.
    source: str = ""
    record: bool = False  # it is from a decision record
    decides: bool = False  # ... and sits in the record's deciding section
    replaced: bool = False  # ... or in a record a later one superseded
    # The lead-in a code stanza is read after: the line just above its block ("Pod
    # OOMKilled:", "To check the pods, run:"), which says what the block is for.
    lead: str = ""

    @property
    def quote(self) -> str:
        return self.source or self.text

    # Each view of its words is computed once: scoring, de-duplication and the comparison
    # table read them for every unit, several times per question.
    @cached_property
    def tokens(self) -> tuple[str, ...]:
        """Its keyword tokens, in reading order."""
        return _tokens(self.text)

    @cached_property
    def words(self) -> frozenset[str]:
        """Its keyword tokens, as a set."""
        return frozenset(self.tokens)

    @cached_property
    def figures(self) -> frozenset[str]:
        """Its words that hold a digit ("988", "p5.48xlarge")."""
        return frozenset(w for w in self.words if any(ch.isdigit() for ch in w))

    @cached_property
    def sentences(self) -> frozenset[str]:
        """Its sentences, as a set: a unit brought along with its antecedent may hold
        one that another unit holds too."""
        return frozenset(piece.strip() for piece in _SENTENCE_END.split(self.text))

    @cached_property
    def folded_tokens(self) -> tuple[str, ...]:
        """Its tokens in reading order, plurals folded (as `mentions` reads them)."""
        return tuple(map(singular, self.tokens))

    @cached_property
    def folded(self) -> frozenset[str]:
        """Its words with plurals folded, as a set."""
        return frozenset(self.folded_tokens)

    @cached_property
    def stems(self) -> frozenset[str]:
        """Its words' stems."""
        return frozenset(stem(w) for w in self.words)

    @property
    def heading_words(self) -> frozenset[str]:
        """The keyword tokens of the headings it sits under, the document's title aside."""
        return _heading_words(tuple(self.section_path))

    @property
    def heading_folded(self) -> frozenset[str]:
        """Its heading words with plurals folded."""
        return _folded_heading_words(tuple(self.section_path))

    @property
    def heading_stems(self) -> frozenset[str]:
        """Its heading words' stems."""
        return _heading_stems(tuple(self.section_path))


# Many units sit under one heading, and the same texts recur from question to question.
@lru_cache(maxsize=16384)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(tokenize(text))


@lru_cache(maxsize=4096)
def _heading_words(section_path: tuple[str, ...]) -> frozenset[str]:
    return frozenset(tokenize(" ".join(section_path[1:])))


@lru_cache(maxsize=4096)
def _folded_heading_words(section_path: tuple[str, ...]) -> frozenset[str]:
    return frozenset(map(singular, _heading_words(section_path)))


@lru_cache(maxsize=4096)
def _heading_stems(section_path: tuple[str, ...]) -> frozenset[str]:
    return frozenset(map(stem, _heading_words(section_path)))


def plain(text: str) -> str:
    return _EMPHASIS.sub("", _LINK.sub(r"\1", text)).strip()


def split_units(passages: list[Passage]) -> tuple[list[Unit], list[Table]]:
    """Every quotable unit and every table of the passages, in reading order."""
    units: list[Unit] = []
    tables: list[Table] = []
    for index, passage in enumerate(passages):
        read_units, read_tables = _read(index, passage.text, passage.section_path,
                                        passage.record)
        units += read_units
        tables += read_tables
    return units, tables


# The same sections answer many questions, often at the same rank: each is read once.
# (A reading holds a section's units with their views, some kilobytes: a few hundred.)
@lru_cache(maxsize=512)
def _read(index: int, text: str, section_path: tuple[str, ...],
          record: Record | None) -> tuple[tuple[Unit, ...], tuple[Table, ...]]:
    reader = _PassageReader(index, section_path, record)
    for line in text.splitlines():
        reader.read(line)
    reader.finish()
    return tuple(reader.units), tuple(reader.tables)


class _PassageReader:
    """Line-by-line state machine over one passage's Markdown."""

    def __init__(self, index: int, section_path: tuple[str, ...],
                 record: Record | None) -> None:
        self.index = index
        self.record = record is not None  # the passage is from a decision record
        self.replaced = bool(record and record.superseded_by)  # ... a later one superseded
        self.base = section_path
        self.path = section_path
        self.in_code = False
        self.paragraph: list[str] = []  # lines of a paragraph or of one list item
        self.bullet = False
        self.table: list[str] = []
        self.code: list[str] = []
        self.language = ""  # of the open code block: its fence's info string
        self.lead = ""  # "Choose S3 when:", read before each item of the list it opens
        self.lead_indent = -1  # a lead-in list item leads only the items nested in it
        self.indent = 0  # of the current list item
        self.units: list[Unit] = []
        self.tables: list[Table] = []
        # Short items under one lead-in ("applied in this order:", then file names), read
        # together as one unit: alone, an item of a word or two says nothing.
        self.short: list[str] = []
        self.short_lead = ""
        self.block_lead = ""  # a lead-in paragraph just read, which a code block may follow
        self.code_lead = ""  # ... and the open code block's

    def read(self, line: str) -> None:
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            self._flush_paragraph()
            self.lead = ""
            self._flush_code()
            self.code_lead = "" if self.in_code else self.block_lead
            self.block_lead = ""  # it leads the one block below it
            self.in_code = not self.in_code
            self.language = stripped.strip("`~ ").split(" ")[0] if self.in_code else ""
            return
        if self.in_code:
            self.code.append(line)
            return
        if stripped.startswith("|"):
            self._flush_paragraph()
            self.lead = ""
            self.table.append(stripped)
            return
        if self.table:
            self._flush_table()
        heading = _HEADING.match(stripped)
        if heading:
            self._flush_paragraph()
            self._flush_short()
            self.lead = ""
            title = plain(heading.group(2))
            self.path = self.base if title == self.base[-1] else (*self.base, title)
        elif not stripped:
            self._flush_paragraph()
        elif _BULLET.match(line):
            self._flush_paragraph()
            self.bullet = True
            self.indent = len(line) - len(line.lstrip())
            self.paragraph.append(_BULLET.sub("", line))
        else:
            if not self.paragraph:
                self.bullet = False
                self.lead = ""  # prose after the list ends what a lead-in opened
            self.paragraph.append(stripped)

    def finish(self) -> None:
        self._flush_paragraph()
        self._flush_short()
        self._flush_code()  # a passage may end inside a block that was split
        if self.table:
            self._flush_table()

    def _add(self, text: str, kind: Kind, source: str = "", lead: str = "") -> None:
        self._flush_short()
        self._append(text, kind, source, lead)

    def _append(self, text: str, kind: Kind, source: str, lead: str = "") -> None:
        decides = self.record and bool(self.path) and bool(DECIDING_HEADING.match(self.path[-1]))
        self.units.append(Unit(text, self.index, self.path, kind, source, self.record,
                               decides, self.replaced, lead))

    def _flush_short(self) -> None:
        if self.short:
            lead, items = self.short_lead, self.short
            self.short, self.short_lead = [], ""
            self._append(f"{lead} {'; '.join(items)}", Kind.BULLET,
                         QUOTE_JOINER.join([lead, *items]))

    def _flush_code(self) -> None:
        lead = self.code_lead
        for stanza in value_stanzas(self.code, self.language):
            if lead:
                self._add(stanza.text, Kind.CODE, f"{lead}{QUOTE_JOINER}{stanza.quote}", lead)
            else:
                self._add(stanza.text, Kind.CODE, stanza.quote)
        self.code.clear()

    def _flush_paragraph(self) -> None:
        text = " ".join(line.strip() for line in self.paragraph)
        self.paragraph.clear()
        if text:  # a blank line keeps the lead-in above it for the block below
            self.block_lead = ""
        if self.bullet and self.indent <= self.lead_indent:
            self.lead = ""  # the list it led has ended
        # A list item is one thought; a paragraph is quoted sentence by sentence.
        whole = self.bullet and len(text.split()) <= 60
        pieces = [text] if whole else _SENTENCE_END.split(text)
        last = plain(pieces[-1]) if pieces else ""
        if last.endswith(":") and len(last.split()) <= MAX_LEAD_WORDS:
            # "Choose S3 when:" alone says nothing; it leads the items below.
            pieces, lead = pieces[:-1], self.lead if self.bullet else ""
            self.lead, self.lead_indent = last, self.indent if self.bullet else -1
            self.block_lead = last if not self.bullet and not pieces else ""
        else:
            lead = self.lead if self.bullet else ""
        for i, piece in enumerate(pieces):
            if ORIENTATION.match(plain(piece)):
                continue  # it says what the document is for, not what it holds
            if self.record and FIELD_LINE.match(plain(piece)):
                continue  # "Status: Accepted": the answer's standing line says it
            if len(piece.split()) >= (3 if self.bullet else 4):
                kind = Kind.BULLET if self.bullet else Kind.SENTENCE
                if lead:
                    self._add(f"{lead} {plain(piece)}", kind, f"{lead}{QUOTE_JOINER}{plain(piece)}")
                elif i > 0 and LEANS_BACK.match(piece):
                    # "This halves the cost." says nothing without the sentence before it.
                    self._add(plain(f"{pieces[i - 1]} {piece}"), kind)
                else:
                    self._add(plain(piece), kind)
            elif self.bullet and lead and piece.strip():
                if self.short_lead != lead:
                    self._flush_short()
                self.short_lead = lead
                self.short.append(plain(piece))

    def _flush_table(self) -> None:
        rows = [tuple(plain(c) for c in row.strip().strip("|").split("|")) for row in self.table]
        self.table.clear()
        body = [r for r in rows[1:] if not all(set(c.strip()) <= set(":- ") for c in r)]
        if not rows or not body:
            return
        self.tables.append(Table(rows[0], tuple(body), self.index, self.path))
        for row in body:
            # "Cost — S3: Lowest; FSx for Lustre: Medium": the row label, then its cells.
            pairs = [f"{h.strip()}: {c.strip()}" if h.strip() else c.strip()
                     for h, c in zip(rows[0][1:], row[1:], strict=False) if c.strip()]
            self._add(f"{row[0].strip()} — {'; '.join(pairs)}" if pairs else row[0], Kind.ROW)
