"""`tradeoffs mcp`: the index served over the Model Context Protocol (stdio).

Two tools, for any MCP client (Claude Desktop, VS Code, an agent):
`ask(question, chapters?)` answers with inline [n] citations (the text reads like
`tradeoffs ask --format markdown`, the structured content carries every citation), and
`search(query, k?)` returns the passages retrieval finds, each with its file, section
and text. The index is opened once, before the server starts listening, so a missing
index is a one-line error rather than a failing tool.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult, TextContent
from pydantic import BaseModel, Field

from .export import answer_markdown
from .question_log import record_answer
from .quotes import quote_parts

if TYPE_CHECKING:
    from assistant import Answer, Assistant, Passage

SECTION_MARK = " › "
MAX_K = 20


class Source(BaseModel):
    """One citation: where the [n] in the answer points."""

    n: int
    file: str = Field(description="the document, relative to the indexed folder")
    chapter: str
    section: str = Field(description="the heading path below the chapter, joined by ›")
    quote: str = Field(description="the words quoted from the section, verbatim")
    code: list[str] = Field(default_factory=list,
                            description="quoted code, each block with its lines as written")


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
    score: float


class SearchResult(BaseModel):
    passages: list[Found]


def _section(path: tuple[str, ...] | list[str]) -> str:
    return SECTION_MARK.join(path[1:]) if len(path) > 1 else (path[0] if path else "")


def ask_result(answer: Answer) -> AskResult:
    sources = [Source(n=c.n, file=c.file, chapter=c.chapter, section=_section(c.section_path),
                      quote=c.quote,
                      code=[p.text for p in quote_parts(c, answer.passages) if p.is_code])
               for c in answer.citations]
    return AskResult(text=answer.text, citations=sources, refused=answer.refused,
                     not_covered=list(answer.not_covered),
                     confidence=answer.confidence.level if answer.confidence else None)


def search_result(passages: list[Passage]) -> SearchResult:
    return SearchResult(passages=[Found(file=p.file, chapter=p.chapter,
                                        section=_section(p.section_path), text=p.text,
                                        score=round(p.score, 4)) for p in passages])


def build_server(assistant: Assistant) -> MCPServer:
    """An MCP server whose tools answer from this assistant's index."""
    server = MCPServer("tradeoffs", instructions=(
        "Cited answers on architecture decisions from an indexed set of documents. "
        "Use `ask` for an answer with [n] citations, `search` for the passages themselves."))

    @server.tool(title="Ask the documents")
    def ask(question: str,
            chapters: list[str] | None = None) -> Annotated[CallToolResult, AskResult]:
        """Answer a question from the indexed documents, citing each claim as [n].

        `chapters` limits the search to these document files (as `search` names them)."""
        answer = assistant.ask(question, chapters=chapters or None)
        record_answer(assistant.settings, question, answer, source="mcp")
        result = ask_result(answer)
        return CallToolResult(content=[TextContent(type="text", text=answer_markdown(answer))],
                              structured_content=result.model_dump(mode="json"))

    @server.tool(title="Search the documents")
    def search(query: str, k: int = 5) -> SearchResult:
        """The passages that best match the query, best first, with file and section."""
        return search_result(assistant.retrieve(query, k=max(1, min(k, MAX_K))))

    return server
