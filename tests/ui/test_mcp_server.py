"""`tradeoffs mcp` driven by the MCP SDK's own client over stdio, against a real index."""

from __future__ import annotations

import json
import os
import select
import subprocess
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


def test_a_tool_that_cannot_answer_returns_its_one_line_reason(built_index: Settings):
    _, (empty, unknown, blank_search) = call_server(built_index, [
        ("ask", {"question": ""}),
        ("ask", {"question": "IRSA or Pod Identity?", "chapters": ["no-such.md"]}),
        ("search", {"query": "   "}),
    ])
    assert empty.is_error and "the question is empty" in empty.content[0].text
    assert unknown.is_error
    reason = unknown.content[0].text
    assert "no chapter named no-such.md" in reason and "pod-identity.md" in reason
    assert "\n" not in reason
    assert blank_search.is_error and "empty" in blank_search.content[0].text


class RawClient:
    """JSON-RPC lines to `tradeoffs mcp` and back, as an MCP client sends them."""

    def __init__(self, index: Settings) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(TRADEOFFS), "mcp", "--index", str(index.index_dir)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=dict(os.environ))

    def send(self, line: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + b"\n")
        self.process.stdin.flush()

    def reply(self) -> dict:
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], 120)  # a hang guard only
        assert ready, "the server sent nothing back"
        return json.loads(self.process.stdout.readline())

    def close(self) -> bytes:
        assert self.process.stdin is not None and self.process.stderr is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)
        return self.process.stderr.read()


def test_a_malformed_request_gets_a_json_rpc_error_not_silence(built_index: Settings):
    client = RawClient(built_index)
    client.send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "raw", "version": "1"}}}).encode())
    assert client.reply()["id"] == 1
    client.send(b'{"jsonrpc": "2.0", "method": "notifications/initialized"}')
    # A lone surrogate escape: JSON by its grammar, but no text; the call must still end.
    client.send(b'{"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": '
                b'{"name": "ask", "arguments": {"question": "caf\\ud800"}}}')
    lone = client.reply()
    assert lone["id"] == 2 and lone["error"]["code"] == -32600
    client.send(b"this is not json")
    garbage = client.reply()
    assert garbage["id"] is None and garbage["error"]["code"] == -32700
    client.send(json.dumps({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {
        "name": "search", "arguments": {"query": "IRSA or Pod Identity?", "k": 1}}}).encode())
    found = client.reply()  # the server still serves
    assert found["id"] == 3 and not found["result"].get("isError")
    stderr = client.close()
    assert b"Traceback" not in stderr and client.process.returncode == 0
