"""The shipped gold sets pass their checker, and the checker catches broken lines."""

from __future__ import annotations

import json
from pathlib import Path

from evals.check_gold import check_questions, main

REPO = Path(__file__).resolve().parents[2]
GOLD_FILES = sorted((REPO / "evals" / "data").glob("*.jsonl"))
BUNDLED_CORPUS = REPO / "corpus" / "ai-on-eks-why"
BUNDLED_QUESTIONS = REPO / "evals" / "data" / "questions.jsonl"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_bundled_gold_set_passes_the_checker():
    assert check_questions(_lines(BUNDLED_QUESTIONS), BUNDLED_CORPUS) == []


def test_02why_gold_set_passes_the_checker(why_corpus: Path, why_questions: Path):
    assert check_questions(_lines(why_questions), why_corpus) == []


def test_website_gold_set_passes_the_checker(website_corpus: Path, website_questions: Path):
    # Expected files are given with their folders: the site repeats names like index.md.
    assert check_questions(_lines(website_questions), website_corpus) == []


def test_adr_gold_set_passes_the_checker(adr_corpus: Path, adr_questions: Path):
    # Expected files are given with their folders: the four repositories repeat names.
    assert check_questions(_lines(adr_questions), adr_corpus) == []


def test_website_hard_gold_set_passes_the_checker(website_corpus: Path,
                                                 website_hard_questions: Path):
    assert check_questions(_lines(website_hard_questions), website_corpus) == []


def test_adr_hard_gold_set_passes_the_checker(adr_corpus: Path, adr_hard_questions: Path):
    assert check_questions(_lines(adr_hard_questions), adr_corpus) == []


def test_no_two_gold_sets_share_a_question_id():
    # Reports and the split are keyed by id; a reused id would mix two questions up.
    owners: dict[str, list[str]] = {}
    for path in GOLD_FILES:
        for line in _lines(path):
            if line.strip():
                owners.setdefault(json.loads(line)["id"], []).append(path.name)
    assert {qid: files for qid, files in owners.items() if len(files) > 1} == {}


def test_checker_names_each_broken_line_with_its_number_and_reason():
    lines = _lines(BUNDLED_QUESTIONS)[:6]
    wrong_heading = json.loads(lines[1])
    wrong_heading["expected"][0]["section"] = "A Heading No Chapter Has"
    lines[1] = json.dumps(wrong_heading)
    absent_phrase = json.loads(lines[3])
    absent_phrase["must_mention"] = ["quantum annealing"]
    lines[3] = json.dumps(absent_phrase)
    lines[4] = lines[4][:-10]  # cut short: no longer valid JSON

    problems = check_questions(lines, BUNDLED_CORPUS, source="gold.jsonl")

    assert len(problems) == 3
    assert problems[0].startswith(f"gold.jsonl:2: {wrong_heading['id']}: no heading ")
    assert problems[1] == (f"gold.jsonl:4: {absent_phrase['id']}: must_mention "
                           "'quantum annealing' not found in the expected section(s)")
    assert problems[2].startswith("gold.jsonl:5: ?: invalid JSON")


def test_checker_command_exits_1_and_counts_problems(tmp_path: Path, capsys):
    lines = _lines(BUNDLED_QUESTIONS)[:3]
    lines.append(lines[0])  # the same id twice
    broken = tmp_path / "gold.jsonl"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")

    assert main([str(broken), str(BUNDLED_CORPUS)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(": duplicate id (first used on line 1)")
    assert out[0].startswith(f"{broken}:4: ")
    assert out[-1] == "4 questions, 1 problems"
