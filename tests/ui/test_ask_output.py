"""`tradeoffs ask` as a reader sees it: drawn for a terminal, piped as plain text, or
printed as Markdown that reads back to the same answer and sources."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from markdown_it import MarkdownIt
from ui_support import read_terminal

from ingest.settings import Settings

BIN_DIR = Path(sys.executable).parent  # the venv's bin, where `tradeoffs` lives
COMPARISON = "S3 or FSx for Lustre for training data?"
YAML_QUESTION = "What throughput does the FSx for Lustre storage class set?"
ANSI = re.compile(r"\x1b\[")


def ask(tradeoffs, index: Settings, question: str, *flags: str) -> str:
    result = tradeoffs("ask", question, "--index", str(index.index_dir), *flags)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_piped_answer_is_plain_text_with_a_table_and_numbered_sources(tradeoffs, built_index):
    answer = json.loads(ask(tradeoffs, built_index, COMPARISON, "--json"))
    out = ask(tradeoffs, built_index, COMPARISON)
    assert not ANSI.search(out)
    for marker in ("**", "|", "](", "```", "- "):
        assert marker not in out, marker
    lines = out.splitlines()
    header = next(line for line in lines if line.split()[:1] == ["Criterion"])
    assert "S3" in header and "FSx for Lustre" in header
    sources = lines[lines.index("Sources") + 1:]
    for citation in answer["citations"]:
        inner = " › ".join(citation["section_path"][1:])
        heading = f"[{citation['n']}] {citation['file']} › {inner}"
        assert heading.split()[:2] == next(s for s in sources
                                           if s.startswith(f"[{citation['n']}]")).split()[:2]
    assert max(len(line) for line in lines) <= 88  # wrapped


def test_a_quoted_yaml_value_keeps_its_lines_and_indentation(tradeoffs, built_index):
    out = ask(tradeoffs, built_index, YAML_QUESTION)
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == "metadata:")
    assert lines[at - 1].strip() == "yaml:"
    name = lines[at + 1]
    assert name.strip() == "name: fsx-lustre-training"
    indent = len(lines[at]) - len(lines[at].lstrip())
    assert len(name) - len(name.lstrip()) == indent + 2  # as in the document


def test_on_a_terminal_the_answer_is_coloured(built_index):
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "100"}
    proc = subprocess.Popen([sys.executable, str(BIN_DIR / "tradeoffs"), "ask", COMPARISON,
                             "--index", str(built_index.index_dir)],
                            stdout=follower, stderr=subprocess.PIPE, env=env)
    os.close(follower)
    out = read_terminal(leader)
    assert proc.wait(timeout=180) == 0, proc.stderr.read() if proc.stderr else ""
    text = out.decode()
    assert ANSI.search(text)
    assert "Sources" in text and "**" not in text


def test_markdown_output_reads_back_to_the_same_answer_and_sources(tradeoffs, built_index):
    for question in (COMPARISON, YAML_QUESTION):
        answer = json.loads(ask(tradeoffs, built_index, question, "--json"))
        markdown = ask(tradeoffs, built_index, question, "--format", "markdown")
        text, sources = read_markdown_answer(markdown)
        assert text == answer["text"].strip()
        assert sources == [(c["n"], c["chapter"], c["section_path"][-1], c["file"])
                           for c in answer["citations"]]
    # The YAML the answer quotes is a fenced block with its language, lines kept.
    fences = [t for t in MarkdownIt().parse(markdown) if t.type == "fence"]
    assert fences and fences[0].info == "yaml"
    assert "metadata:\n  name: fsx-lustre-training" in fences[0].content


def read_markdown_answer(markdown: str) -> tuple[str, list[tuple[int, str, str, str]]]:
    """The answer text before the Sources heading, and each source's (n, chapter,
    section, file), read back from the Markdown's parsed tokens."""
    tokens = MarkdownIt().parse(markdown)
    heading = next(i for i, t in enumerate(tokens)
                   if t.type == "heading_open" and tokens[i + 1].content == "Sources")
    lines = markdown.splitlines()
    text = "\n".join(lines[:tokens[heading].map[0]]).strip()
    sources = []
    for token in tokens[heading:]:
        if token.type != "inline" or not token.children:
            continue
        words = "".join(c.content for c in token.children if c.type == "text")
        code = [c.content for c in token.children if c.type == "code_inline"]
        found = re.match(r"\[(\d+)\] (.+?) › (?:.+ › )?(.+) — $", words)
        if found and code:
            n, chapter, section = found.groups()
            sources.append((int(n), chapter, section, code[0]))
    return text, sources


# Runs in a fresh interpreter: `tradeoffs ask` in each format, then a list of the
# top-level packages that the UI, the MCP server or an LLM would have pulled in.
PROBE = """
import json, sys
from ui.cli.main import main
for fmt in ("text", "markdown"):
    assert main(["ask", sys.argv[1], "--format", fmt]) == 0
loaded = {m.split(".")[0] for m in sys.modules}
print(json.dumps(sorted(loaded & set(json.loads(sys.argv[2])))))
"""


def test_drawing_the_answer_loads_neither_the_app_nor_the_mcp_sdk(built_index, tmp_path):
    unwanted = ["streamlit", "mcp", "langchain", "langchain_core", "matplotlib", "playwright"]
    env = {**os.environ, "TRADEOFFS_INDEX_DIR": str(built_index.index_dir)}
    result = subprocess.run([sys.executable, "-c", PROBE, COMPARISON, json.dumps(unwanted)],
                            capture_output=True, text=True, timeout=180, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
