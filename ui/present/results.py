"""Answers and passages as the typed results the MCP tools and the HTTP service return."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from .quotes import quote_parts
from .standing import original_link

if TYPE_CHECKING:
    from assistant import Answer, Citation, Passage

SECTION_MARK = " › "


class Source(BaseModel):
    """One citation: where the [n] in the answer points."""

    n: int
    file: str = Field(description="the document, relative to the indexed folder")
    chapter: str
    section: str = Field(description="the heading path below the chapter, joined by ›")
    quote: str = Field(description="the words quoted from the section, verbatim")
    code: list[str] = Field(default_factory=list,
                            description="quoted code, each block with its lines as written")
    status: str | None = Field(default=None, description="the decision record's status "
                                                         "(accepted, superseded, ...), if any")
    standing: str | None = Field(default=None, description="in force, not yet in force or "
                                                           "not in force")
    superseded_by: list[str] = Field(default_factory=list,
                                     description="the records that replace this one")
    url: str | None = Field(default=None, description="the original page, when known")
    last_changed: str | None = Field(default=None, description="ISO date of its last change")


class AskResult(BaseModel):
    text: str = Field(description="the answer, with inline [n] citations")
    citations: list[Source]
    refused: bool = Field(description="true when the documents do not answer the question")
    not_covered: list[str] = Field(description="parts of the question the documents lack")
    confidence: str | None = Field(default=None,
                                   description="high, medium or low: how well the evidence "
                                               "matches, against this index's own baseline")


class Found(BaseModel):
    file: str
    chapter: str
    section: str
    text: str = Field(description="the passage: the whole section, or its best part")
    covers: list[str] = Field(default_factory=list,
                              description="small sections the passage holds whole")
    score: float


class SearchResult(BaseModel):
    passages: list[Found]


def _section(path: tuple[str, ...] | list[str]) -> str:
    return SECTION_MARK.join(path[1:]) if len(path) > 1 else (path[0] if path else "")


def _source(citation: Citation, answer: Answer) -> Source:
    record, source = citation.record, citation.source
    return Source(n=citation.n, file=citation.file, chapter=citation.chapter,
                  section=_section(citation.section_path), quote=citation.quote,
                  code=[p.text for p in quote_parts(citation, answer.passages) if p.is_code],
                  status=record.status if record else None,
                  standing=record.standing if record else None,
                  superseded_by=list(record.superseded_by) if record else [],
                  url=original_link(citation),
                  last_changed=source.last_changed if source else None)


def ask_result(answer: Answer) -> AskResult:
    sources = [_source(c, answer) for c in answer.citations]
    return AskResult(text=answer.text, citations=sources, refused=answer.refused,
                     not_covered=list(answer.not_covered),
                     confidence=answer.confidence.level if answer.confidence else None)


def search_result(passages: list[Passage]) -> SearchResult:
    return SearchResult(passages=[Found(file=p.file, chapter=p.chapter,
                                        section=_section(p.section_path), text=p.text,
                                        covers=list(p.covers), score=round(p.score, 4))
                                  for p in passages])
