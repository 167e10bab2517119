"""`tradeoffs mcp`: the index served over the Model Context Protocol (stdio).

Two tools, for any MCP client (Claude Desktop, VS Code, an agent):
`ask(question, chapters?)` answers with inline [n] citations (the text reads like
`tradeoffs ask --format markdown`, the structured content carries every citation), and
`search(query, k?)` returns the passages retrieval finds, each with its file, section
and text. The index is opened once, before the server starts listening, so a missing
index is a one-line error rather than a failing tool.

A tool that cannot answer (an empty question, an unknown chapter) returns its one-line
reason as an error result, for the agent to correct itself; a line on stdin that is
not a valid JSON-RPC message gets a JSON-RPC error back, never silence. Every string a
tool returns has its terminal controls escaped, as on the command line.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import anyio
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.stdio import stdio_server
from mcp.shared.message import SessionMessage
from mcp.types import (
    INVALID_REQUEST,
    PARSE_ERROR,
    CallToolResult,
    ErrorData,
    JSONRPCError,
    TextContent,
)

from ingest.errors import TradeoffsError

from ..present.export import answer_markdown
from ..present.question_log import record_answer
from ..present.results import AskResult, SearchResult, ask_result, search_result
from ..present.safe_output import terminal_safe

if TYPE_CHECKING:
    from assistant import Assistant

MAX_K = 20


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
        try:
            answer = terminal_safe(assistant.ask(question, chapters=chapters or None))
        except TradeoffsError as exc:
            raise ToolError(str(terminal_safe(str(exc)))) from None
        record_answer(assistant.settings, question, answer, source="mcp")
        result = ask_result(answer)
        return CallToolResult(content=[TextContent(type="text", text=answer_markdown(answer))],
                              structured_content=result.model_dump(mode="json"))

    @server.tool(title="Search the documents")
    def search(query: str, k: int = 5) -> SearchResult:
        """The passages that best match the query, best first, with file and section."""
        try:
            passages = assistant.retrieve(query, k=max(1, min(k, MAX_K)))
        except TradeoffsError as exc:
            raise ToolError(str(terminal_safe(str(exc)))) from None
        return search_result(terminal_safe(passages))

    return server


def serve_stdio(server: MCPServer) -> None:
    """Serve over stdin/stdout until the client hangs up; a malformed line is answered
    with a JSON-RPC error (the SDK's own stdio loop drops it, and the client waits)."""
    anyio.run(_serve_stdio, server)


async def _serve_stdio(server: MCPServer) -> None:
    lowlevel = server._lowlevel_server  # what MCPServer.run("stdio") serves
    async with stdio_server() as (read_stream, write_stream):
        send, receive = anyio.create_memory_object_stream[SessionMessage | Exception](0)

        async def relay() -> None:
            async with send:
                async for item in read_stream:
                    if isinstance(item, Exception):
                        await write_stream.send(SessionMessage(malformed_reply(item)))
                    else:
                        await send.send(item)

        async with anyio.create_task_group() as tasks:
            tasks.start_soon(relay)
            await lowlevel.run(receive, write_stream, lowlevel.create_initialization_options())
            tasks.cancel_scope.cancel()


def malformed_reply(error: Exception) -> JSONRPCError:
    """The JSON-RPC error for a line the SDK could not read: a parse error, or, when the
    line is JSON with an id (a lone surrogate such as "\\ud800" in it), an invalid
    request under that id, so the client's call ends."""
    request_id = _request_id(error)
    if request_id is None:
        return JSONRPCError(jsonrpc="2.0", id=None, error=ErrorData(
            code=PARSE_ERROR, message="Parse error: the line is not a JSON-RPC message"))
    return JSONRPCError(jsonrpc="2.0", id=request_id, error=ErrorData(
        code=INVALID_REQUEST, message="Invalid request: it is not valid JSON-RPC in UTF-8 "
                                      "(a lone surrogate escape or a missing field)"))


def _request_id(error: Exception) -> int | str | None:
    errors: Any = getattr(error, "errors", None)
    for detail in (errors() if callable(errors) else []):
        raw = detail.get("input")
        if isinstance(raw, str | bytes):
            try:
                raw = json.loads(raw)  # Python's reader takes a lone surrogate
            except ValueError:
                continue
        if isinstance(raw, dict):
            found = raw.get("id")
            if isinstance(found, int | str) and not isinstance(found, bool):
                return terminal_safe(found)
    return None
