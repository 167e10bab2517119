"""The red-team corpus (tests/fixtures/redteam) through the real `tradeoffs` command:
documents, headings, front matter and file names that carry terminal escape sequences,
bidi overrides and odd encodings, plus what git cannot carry (an invalid UTF-8 byte in a
name, a symlink loop), made here. No run may print a traceback or an ESC byte, every
readable file is indexed, and each skipped one is named with its reason (exit 1)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingest.settings import ENV_PREFIX

ESC = b"\x1b"
BIN_DIR = Path(sys.executable).parent
REDTEAM = Path(__file__).parents[1] / "fixtures" / "redteam"
INVALID_NAME = b"caf\xe9-notes.md"  # Latin-1 in a file name: not UTF-8


@dataclass(frozen=True)
class Run:
    code: int
    out: bytes
    err: bytes

    @property
    def both(self) -> bytes:
        return self.out + self.err


def assert_safe(run: Run) -> None:
    assert ESC not in run.both, run.both[:2000]
    assert b"Traceback" not in run.err, run.err[-2000:]


@dataclass(frozen=True)
class Hostile:
    corpus: Path
    index: Path
    env: dict[str, str]
    ingest: Run
    as_json: dict

    def run(self, *args: str | bytes, env: dict[str, str] | None = None) -> Run:
        command = [os.fsencode(sys.executable), os.fsencode(BIN_DIR / "tradeoffs"),
                   *(os.fsencode(a) if isinstance(a, str) else a for a in args)]
        done = subprocess.run(command, capture_output=True, timeout=300,
                              env={**self.env, **(env or {})}, cwd=self.corpus.parent)
        return Run(done.returncode, done.stdout, done.stderr)


def _environment(base: Path, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)}
    env.update(TRADEOFFS_INDEX_DIR=str(base / "index"), TRADEOFFS_CACHE_DIR=str(cache),
               TRADEOFFS_FEEDBACK_DB=str(base / "feedback.sqlite3"), HF_HUB_OFFLINE="1",
               ANONYMIZED_TELEMETRY="False", TOKENIZERS_PARALLELISM="false")
    return env


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, onnx_cache: Path) -> Hostile:
    base = tmp_path_factory.mktemp("redteam")
    corpus = Path(shutil.copytree(REDTEAM, base / "docs"))
    (corpus / os.fsdecode(INVALID_NAME)).write_text("# Latin-1 named notes\n\n"
                                                    "Spot instances suit batch inference.\n")
    (corpus / "loop-a.md").symlink_to("loop-b.md")
    (corpus / "loop-b.md").symlink_to("loop-a.md")
    (corpus / "big.txt").write_text("Capacity reservation figures. " * 1400)  # 41 KB
    env = _environment(base, onnx_cache) | {"TRADEOFFS_MAX_FILE_BYTES": "16384"}
    probe = Hostile(corpus, base / "index", env, Run(0, b"", b""), {})
    first = probe.run("ingest", str(corpus))
    as_json = json.loads(probe.run("ingest", str(corpus), "--json").out)
    return Hostile(corpus, base / "index", env, first, as_json)


def test_ingest_indexes_every_readable_file_and_names_the_rest(hostile: Hostile):
    assert_safe(hostile.ingest)
    assert hostile.ingest.code == 1  # files were skipped
    skipped = {s["file"]: s["reason"] for s in hostile.as_json["skipped"]}
    assert set(skipped) == {"loop-a.md", "loop-b.md", "big.txt", "cyrillic-cp1251.txt",
                            "utf16-bom-ascii.txt"}
    assert skipped["loop-a.md"] == "link loop; not followed"
    assert skipped["big.txt"].startswith("too large (41 KB; the limit is 16 KB")
    assert "cannot be told with confidence" in skipped["cyrillic-cp1251.txt"]
    assert "UTF-16" in skipped["utf16-bom-ascii.txt"]
    status = json.loads(hostile.run("status", "--json").out)
    files = {f["file"]: f["chapter"] for f in status["files"]}
    # Odd names are indexed under escaped display names; every other file too.
    assert "caf\\xe9-notes.md" in files
    assert "name \\u001b[2J with escape.md" in files
    assert "name with\\u000anewline.md" in files
    for name in ["markdown-escapes.md", "docs-site.mdx", "runbook.adoc", "page.html",
                 "guide.rst", "escapes.pdf", "long-notes.txt", "latin1-short.txt",
                 "utf16-real.txt"]:
        assert name in files
    # Front matter titles lose their escape sequences, not their words.
    assert files["markdown-escapes.md"] == "Spot capacity rebalancing"
    assert files["docs-site.mdx"] == "Karpenter consolidation windows"
    lines = hostile.ingest.err.decode().splitlines()
    assert "skipped loop-a.md: link loop; not followed" in lines


def test_no_control_character_reaches_the_index_from_any_format(hostile: Hostile):
    from assistant import Assistant

    assistant = Assistant.open(hostile.index)
    controls = {chr(c) for c in [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)]}
    controls |= {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069"}
    texts = [t for c in assistant.snapshot.chunks
             for t in (c.text, c.embed_text, c.chapter, c.file, *c.section_path)]
    assert texts and not [t for t in texts if controls & set(t)]
    text: dict[str, str] = {}
    for chunk in assistant.snapshot.chunks:
        text[chunk.file] = text.get(chunk.file, "") + chunk.text
    # The words around a sequence stay, the text after the first 8,192 characters too.
    assert "pods before a reclaim notice" in text["markdown-escapes.md"]
    assert "reserved capacity block" in text["long-notes.txt"]
    assert "Savings Plans cover Fargate" in text["escapes.pdf"]
    assert "Café au lait" in text["latin1-short.txt"]
    assert "Inferentia notes saved as UTF-16" in text["utf16-real.txt"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_ask_prints_no_escape_in_any_format(hostile: Hostile, fmt: str):
    asked = hostile.run("ask", "How do I drain the node within the notice?", "--format", fmt)
    assert_safe(asked)
    assert asked.code == 0
    if fmt == "json":
        answer = json.loads(asked.out)
        assert answer["citations"] and not answer["refused"]


def test_status_and_errors_print_no_escape(hostile: Hostile):
    status = hostile.run("status")
    assert_safe(status)
    assert b"name \\u001b[2J with escape.md" in status.out
    unknown = hostile.run("ask", "drain", "--chapter", "\x1b]0;title\x07.md")
    assert_safe(unknown)
    assert unknown.code == 2 and len(unknown.err.splitlines()) == 1
    assert b"\\u001b]0;title\\u0007.md" in unknown.err


def _older_index(hostile: Hostile, folder: Path) -> Path:
    """A copy of the index as an older version wrote it: document text stored as it came,
    raw sequences and all."""
    old = Path(shutil.copytree(hostile.index, folder))
    for stored in old.glob("gen-*/chunks.jsonl"):
        records = [json.loads(line) for line in stored.read_text().splitlines()]
        for record in records:
            record["text"] = record["text"].replace("drain it", "drain it\x1b[2J\x1b]0;own\x07")
            record["chapter"] = "\x1b[8m" + record["chapter"]
        stored.write_text("".join(json.dumps(r) + "\n" for r in records))
    return old


def test_an_index_written_before_the_checks_cannot_reach_the_terminal(hostile: Hostile,
                                                                     tmp_path: Path):
    old = _older_index(hostile, tmp_path / "old-index")
    for fmt in ["text", "markdown", "json"]:
        asked = hostile.run("ask", "How do I drain the node within the notice?", "--index",
                            str(old), "--format", fmt)
        assert_safe(asked)
        assert asked.code == 0
        if fmt == "json":  # exact: the escapes are JSON's own, and decode to the text
            assert "drain it\x1b[2J\x1b]0;own\x07" in json.loads(asked.out)["text"]


def test_mcp_results_carry_no_escape_from_an_older_index(hostile: Hostile, tmp_path: Path):
    import anyio
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    old = _older_index(hostile, tmp_path / "old-index")
    params = StdioServerParameters(command=sys.executable, env=hostile.env,
                                   args=[str(BIN_DIR / "tradeoffs"), "mcp", "--index", str(old)])

    async def session_run() -> list:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            question = "How do I drain the node within the notice?"
            return [await session.call_tool("ask", {"question": question}),
                    await session.call_tool("search", {"query": question, "k": 3})]

    def strings(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            value = list(value.values())
        return [s for v in value for s in strings(v)] if isinstance(value, list) else []

    for result in anyio.run(session_run):
        assert not result.is_error
        shown = "".join(strings(result.structured_content) + [c.text for c in result.content])
        assert "\x1b" not in shown and "drain it\\u001b[2J" in shown


def test_a_question_with_an_invalid_byte_is_cleaned(hostile: Hostile):
    asked = hostile.run("ask", b"How do I drain the node within the notice? caf\xe9")
    assert_safe(asked)
    assert asked.code == 0 and b"[1]" in asked.out


@pytest.mark.parametrize(("variable", "value"), [
    ("TRADEOFFS_MAX_FILE_BYTES", "abc"), ("TRADEOFFS_CHROMA_PORT", "x"),
    ("TRADEOFFS_K", "0"), ("TRADEOFFS_CHROMA_PORT", "70000"),
])
def test_a_bad_setting_is_one_line_naming_the_variable(hostile: Hostile, variable: str,
                                                        value: str):
    for command in (["status"], ["ask", "drain the node"], ["ingest", str(hostile.corpus)]):
        run = hostile.run(*command, env={variable: value})
        assert_safe(run)
        assert run.code == 2, (command, run.err)
        (line,) = run.err.decode().splitlines()
        assert line.startswith(f"tradeoffs: error: {variable} must be ")


def test_feedback_export_from_a_mistyped_index_says_there_is_no_store(hostile: Hostile):
    run = hostile.run("feedback", "--export", "out.jsonl", "--index", "no-such-index",
                      env={"TRADEOFFS_FEEDBACK_DB": ""})
    assert run.code == 2
    (line,) = run.err.decode().splitlines()
    assert "no feedback store at" in line and "no-such-index" in line
    assert not (hostile.corpus.parent / "no-such-index").exists()
