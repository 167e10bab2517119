"""The values the assistant returns. Field names are a public contract (API, JSON, evals)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


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

    @property
    def label(self) -> str:
        """"Chapter › Section", as a sources list shows it (the chapter alone when the
        quote comes from the chapter's own opening)."""
        inner = self.section_path[-1] if len(self.section_path) > 1 else ""
        return f"{self.chapter} › {inner}" if inner else self.chapter


@dataclass(frozen=True)
class Cell:
    text: str  # "not covered" when the documents do not support it
    citation: int | None  # the [n] that supports the text


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
    reason: str = ""  # one line a reader can act on, e.g. "weak match"


@dataclass(frozen=True)
class Answer:
    text: str
    citations: tuple[Citation, ...]
    passages: tuple[Passage, ...]
    refused: bool
    not_covered: tuple[str, ...] = ()
    comparison: Comparison | None = None
    confidence: Confidence | None = None
    notices: tuple[str, ...] = ()  # things the reader should know, e.g. the LLM fell back
    timings_ms: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)
