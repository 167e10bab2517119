"""Check a gold question set (JSON Lines) against the Markdown corpus it cites.

Usage: python -m evals.check_gold QUESTIONS.jsonl CORPUS_DIR

Each line is {"id", "question", "kind", "answerable", "expected": [{"file", "section"}],
"must_mention", "notes"}. Each expected file (relative path, or unique file name, under
CORPUS_DIR) must have a real heading (markdown-it, so `#` lines in code fences do not count)
equal to `section`; each must_mention phrase must occur, case-insensitively, in an expected
section (its heading line up to the next heading of the same or higher level, subsections
included). Unanswerable questions have empty expected and must_mention.

Prints `FILE:LINE: id: reason` per problem, then `N questions, M problems`; exits 1 on problems.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

KINDS = {
    "lookup", "paraphrase", "tradeoff", "comparison", "cross_chapter", "status", "unanswerable",
    "multi_part", "quantitative",
}
FIELDS = {"id", "question", "kind", "answerable", "expected", "must_mention", "notes"}
_MD = MarkdownIt("commonmark").enable("table")


def heading_title(inline: Token) -> str:
    """Plain text of a heading: emphasis markers and backticks dropped, trailing space removed."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
    return "".join(parts).rstrip()


def sections(text: str) -> list[tuple[str, str]]:
    """(heading text, section text) for every real heading; a section includes its subsections."""
    lines, tokens = text.splitlines(), _MD.parse(text)
    heads = [
        (int(tok.tag[1:]), heading_title(tokens[i + 1]), tok.map[0])
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open" and tok.map
    ]
    result = []
    for n, (level, title, start) in enumerate(heads):
        end = next((s for lv, _, s in heads[n + 1 :] if lv <= level), len(lines))
        result.append((title, "\n".join(lines[start:end])))
    return result


class Corpus:
    """Finds cited files under a corpus folder and caches their parsed sections."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.files = [p for p in sorted(self.root.rglob("*")) if p.is_file()]
        self._parsed: dict[Path, list[tuple[str, str]]] = {}

    def sections(self, name: str) -> list[tuple[str, str]] | str:
        """Sections of file `name` (relative path, else unique file name), or why it is unusable."""
        direct = (self.root / name).resolve()
        if direct.is_file() and direct.is_relative_to(self.root):
            matches = [direct]
        else:
            matches = [p for p in self.files if p.name == name]
        if len(matches) != 1:
            return f"file {name!r} " + (
                f"is ambiguous ({len(matches)} matches)" if matches else "not found in the corpus"
            )
        if (path := matches[0]) not in self._parsed:
            self._parsed[path] = sections(path.read_text(encoding="utf-8", errors="replace"))
        return self._parsed[path]


def shape_problems(q: dict) -> list[str]:
    """Problems with a record's fields and value types, independent of the corpus."""
    if missing := FIELDS - q.keys():
        return [f"missing field(s): {', '.join(sorted(missing))}"]
    out = [f"unknown field(s): {', '.join(sorted(extra))}"] if (extra := q.keys() - FIELDS) else []
    for field in ("id", "question"):
        if not isinstance(q[field], str) or not q[field].strip():
            out.append(f"{field} must be a non-empty string")
    if q["kind"] not in KINDS:
        out.append(f"kind {q['kind']!r} is not one of {', '.join(sorted(KINDS))}")
    if not isinstance(q["answerable"], bool):
        out.append("answerable must be true or false")
    if not isinstance(q["notes"], str):
        out.append("notes must be a string")
    entries = q["expected"]
    if not isinstance(entries, list) or not all(
        isinstance(e, dict)
        and e.keys() == {"file", "section"}
        and all(isinstance(v, str) and v.strip() for v in e.values())
        for e in entries
    ):
        out.append('expected must be a list of {"file": str, "section": str} objects')
    phrases = q["must_mention"]
    if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
        out.append("must_mention must be a list of non-empty strings")
    elif long := [p for p in phrases if len(p.split()) > 4]:
        out.append(f"must_mention phrases longer than 4 words: {long}")
    return out


def record_problems(q: dict, corpus: Corpus) -> list[str]:
    """All problems with one parsed question record."""
    if out := shape_problems(q):
        return out
    if q["kind"] == "unanswerable" or not q["answerable"]:
        if q["kind"] != "unanswerable" or q["answerable"]:
            out.append("kind 'unanswerable' and answerable: false must go together")
        if q["expected"] or q["must_mention"]:
            out.append("unanswerable question must have empty expected and must_mention")
        return out
    if not q["expected"]:
        out.append("answerable question needs at least one expected entry")
    if not 1 <= len(q["must_mention"]) <= 4:
        out.append("answerable question needs 1-4 must_mention phrases")
    if q["kind"] == "cross_chapter" and len({e["file"] for e in q["expected"]}) < 2:
        out.append("cross_chapter question needs expected entries in 2+ different files")
    texts: list[str] = []
    for e in q["expected"]:
        found = corpus.sections(e["file"])
        if isinstance(found, str):
            out.append(found)
            continue
        bodies = [body for title, body in found if title == e["section"]]
        if not bodies:
            out.append(f"no heading {e['section']!r} in {e['file']}")
        texts += bodies
    if not out:
        for phrase in q["must_mention"]:
            if not any(phrase.lower() in t.lower() for t in texts):
                out.append(f"must_mention {phrase!r} not found in the expected section(s)")
    return out


def check_questions(lines: list[str], corpus: Path, source: str = "questions") -> list[str]:
    """Problems, as `SOURCE:LINE: id: reason` strings, for the JSON Lines question `lines`."""
    index = Corpus(corpus)
    problems: list[str] = []
    first_line: dict[str, int] = {}
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{source}:{lineno}: ?: invalid JSON ({exc.msg})")
            continue
        if not isinstance(q, dict):
            problems.append(f"{source}:{lineno}: ?: line is not a JSON object")
            continue
        qid = q["id"] if isinstance(q.get("id"), str) and q["id"].strip() else "?"
        reasons = record_problems(q, index)
        if qid != "?" and qid in first_line:
            reasons.append(f"duplicate id (first used on line {first_line[qid]})")
        first_line.setdefault(qid, lineno)
        problems += [f"{source}:{lineno}: {qid}: {reason}" for reason in reasons]
    return problems


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path, help="JSON Lines question file")
    parser.add_argument("corpus", type=Path, help="folder holding the cited Markdown files")
    args = parser.parse_args(argv)
    if not args.questions.is_file() or not args.corpus.is_dir():
        parser.error("QUESTIONS must be a file and CORPUS_DIR a folder")
    lines = args.questions.read_text(encoding="utf-8").splitlines()
    problems = check_questions(lines, args.corpus, source=str(args.questions))
    for problem in problems:
        print(problem)
    print(f"{sum(1 for line in lines if line.strip())} questions, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
