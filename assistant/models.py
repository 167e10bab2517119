"""The values the assistant returns. Field names are a public contract (API, JSON, evals)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Record:
    """Where a decision record stands, read from its own status and the records that
    link to it. Files are the indexed files of the records named."""

    status: str | None  # accepted, proposed, rejected, deprecated, superseded, amended, ...
    standing: str | None  # "in force", "not yet in force" or "not in force"
    status_text: str = ""  # the status as the record words it, e.g. "Pending"
    number: int | None = None
    title: str | None = None
    date: str | None = None  # ISO date of the decision, when the record gives one
    supersedes: tuple[str, ...] = ()
    superseded_by: tuple[str, ...] = ()
    amends: tuple[str, ...] = ()
    amended_by: tuple[str, ...] = ()

    @property
    def in_force(self) -> bool:
        return self.standing == IN_FORCE

    @property
    def name(self) -> str:
        """"ADR 21: Use the slug as the id", or what of it the record gives."""
        number = f"ADR {self.number}" if self.number is not None else ""
        return ": ".join(part for part in (number, self.title or "") if part) or "this record"


IN_FORCE = "in force"


@dataclass(frozen=True)
class Source:
    """Where a passage's document lives: a link to the original, and when it last changed."""

    url: str | None  # http(s) only; None when the document's origin is not known
    last_changed: str | None  # ISO date, from git or the file's time


@dataclass(frozen=True)
class Passage:
    """A readable piece of one (sub)section: whole when it fits, else its best part."""

    file: str
    chapter: str
    section_path: tuple[str, ...]
    start: int
    end: int
    text: str
    score: float
    record: Record | None = None  # the document's decision record, if it is one
    source: Source | None = None
    # Small sibling sections the passage holds whole under its parent's path
    # (a short record's Status and Context, say), in order.
    covers: tuple[str, ...] = ()

    @property
    def section(self) -> str:
        return self.section_path[-1] if self.section_path else self.chapter


# Between quoted pieces that are not adjacent in the source.
QUOTE_JOINER = " … "


@dataclass(frozen=True)
class Citation:
    n: int
    file: str
    chapter: str
    section_path: tuple[str, ...]
    quote: str  # verbatim pieces of the section, joined by QUOTE_JOINER
    record: Record | None = None  # the cited document's decision record, if it is one
    source: Source | None = None

    @property
    def label(self) -> str:
        """"Chapter › Section", as a sources list shows it (the chapter alone when the
        quote comes from the chapter's own opening). A section two levels down keeps its
        parent ("Compute › GPUs › Trade-offs"), so two "Trade-offs" are told apart."""
        inner = " › ".join(self.section_path[1:][-2:])
        return f"{self.chapter} › {inner}" if inner else self.chapter


NOT_COVERED = "not covered"


@dataclass(frozen=True)
class Cell:
    text: str  # NOT_COVERED when the documents do not support it
    citation: int | None  # the [n] that supports the text

    @property
    def covered(self) -> bool:
        """Whether the option's own text speaks to the criterion (then it is cited)."""
        return self.citation is not None


@dataclass(frozen=True)
class Comparison:
    """Options side by side: one column per option, one row per criterion."""

    options: tuple[str, ...]
    criteria: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]  # cells[row][column]

    def to_markdown(self) -> str:
        header = "| Criterion | " + " | ".join(self.options) + " |"
        rule = "|---" * (len(self.options) + 1) + "|"
        rows = []
        for criterion, row in zip(self.criteria, self.cells, strict=True):
            texts = [_cell_markdown(c) for c in row]
            rows.append(f"| {criterion} | " + " | ".join(texts) + " |")
        return "\n".join([header, rule, *rows])


def _cell_markdown(cell: Cell) -> str:
    text = cell.text.replace("|", "\\|").replace("\n", " ")
    return f"{text} [{cell.citation}]" if cell.citation else f"_{text}_"


@dataclass(frozen=True)
class Confidence:
    """How well the evidence matches the question, judged against this index's own
    score distribution (so the same level means the same thing on any corpus)."""

    level: str  # "high", "medium" or "low"
    score: float  # the evidence score the level was read from
    reason: str = ""  # why a level is low, a reader can act on it ("the closest ... match")


class AnswerMode(StrEnum):
    """Which answerer wrote the answer."""

    EXTRACTIVE = "extractive"  # quotes the documents' own sentences; needs no LLM
    LLM = "llm"  # a language model's reply, its citations checked

    @classmethod
    def parse(cls, value: object) -> AnswerMode | None:
        """The mode a caller asked for (None: the default), or a ValueError naming the
        modes; the one place a mode string is read."""
        if value is None or isinstance(value, AnswerMode):
            return value
        try:
            return cls(value)
        except ValueError:
            raise ValueError(f"mode must be one of {', '.join(cls)}, not {value!r}") from None


def fallback_notice(reason: str | None = None) -> str:
    """The one wording of the LLM fallback, with the provider's reason when it gave one."""
    why = f" ({reason})" if reason else ""
    return (f"The language model could not answer{why}; this is the extractive answer "
            "from the documents.")


@dataclass(frozen=True)
class Notice:
    """A stream event: something to show the reader before the answer's text."""

    text: str


@dataclass(frozen=True)
class Answer:
    """A cited answer. `text` is the whole answer as one Markdown string (what JSON, a
    plain stream and an export carry); the fields below it say the same in parts, so a
    front end draws notes, table and prose without reading the text."""

    text: str
    citations: tuple[Citation, ...]
    passages: tuple[Passage, ...]
    refused: bool
    not_covered: tuple[str, ...] = ()
    comparison: Comparison | None = None
    confidence: Confidence | None = None
    notices: tuple[str, ...] = ()  # things the reader should know, e.g. the question was cut
    timings_ms: dict[str, float] = field(default_factory=dict)
    mode: AnswerMode = AnswerMode.EXTRACTIVE
    fallback: str | None = None  # why the language model failed, when this answer stands in
                                  # (say it with `fallback_notice(answer.fallback)`)
    intro: str = ""  # the prose that leads into the comparison table
    body: str = ""  # the prose, without the not-covered lines, the table and the intro

    @property
    def fell_back(self) -> bool:
        return self.fallback is not None

    def to_dict(self) -> dict[str, object]:
        return asdict(self)
