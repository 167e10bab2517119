"""`tradeoffs mcp` driven by the MCP SDK's own client over stdio, against a real index."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import anyio
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from ingest.settings import Settings

TRADEOFFS = Path(sys.executable).parent / "tradeoffs"


def call_server(index: Settings, calls: list[tuple[str, dict]]) -> tuple[list, list]:
    """Start the server, list its tools, make the calls; (tools, results)."""
    params = StdioServerParameters(command=sys.executable,
                                   args=[str(TRADEOFFS), "mcp", "--index", str(index.index_dir)],
                                   env=dict(os.environ))

    async def session_run() -> tuple[list, list]:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            tools = (await session.list_tools()).tools
            results = [await session.call_tool(name, args) for name, args in calls]
            return tools, results

    return anyio.run(session_run)


def test_an_mcp_client_lists_both_tools_and_gets_cited_results(built_index: Settings):
    tools, (asked, searched, narrowed) = call_server(built_index, [
        ("ask", {"question": "What does a p5.48xlarge carry?"}),
        ("search", {"query": "IRSA or Pod Identity?", "k": 3}),
        ("ask", {"question": "How should pods get AWS permissions?",
                 "chapters": ["pod-identity.md"]}),
    ])
    assert sorted(t.name for t in tools) == ["ask", "search"]
    ask_tool = next(t for t in tools if t.name == "ask")
    assert set(ask_tool.input_schema["properties"]) == {"question", "chapters"}
    assert ask_tool.input_schema["required"] == ["question"]

    assert not asked.is_error
    answer = asked.structured_content
    assert answer["refused"] is False
    first = answer["citations"][0]
    assert first["n"] == 1 and first["file"] == "accelerated-instances.md"
    assert first["quote"] and first["section"]
    assert "[1]" in answer["text"] and "p5.48xlarge" in answer["text"]
    text = asked.content[0].text  # the readable answer, with its sources under it
    assert answer["text"].strip() in text and "accelerated-instances.md" in text

    passages = searched.structured_content["passages"]
    assert len(passages) == 3
    assert passages[0]["file"] == "pod-identity.md"
    assert all(p["text"] and p["section"] and p["chapter"] for p in passages)

    assert {c["file"] for c in narrowed.structured_content["citations"]} == {"pod-identity.md"}


def test_mcp_without_an_index_exits_with_one_line(tradeoffs, tmp_path: Path):
    result = tradeoffs("mcp", "--index", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "tradeoffs ingest" in result.stderr
