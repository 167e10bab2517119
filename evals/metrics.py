"""Answer-quality metrics: pure functions over question records and answer records.

Each metric below is defined exactly as computed. A *question* is one line of a gold
file (`expected`, `must_mention`, `answerable`, `kind`); a *record* is what the eval
wrote for it (`passages`, `answer`, `citations`, `refused`, `latency_ms`). An expected
file given as a bare name matches on the file name alone; one given with folders
(`a/b/index.md`, for corpora that repeat a name) matches the end of the passage's path
relative to the corpus. Headings match exactly.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from assistant import is_supported

Json = Mapping[str, Any]


def _name(file: str) -> str:
    return file.rsplit("/", 1)[-1]


def _same_file(file: str, expected: str) -> bool:
    if "/" not in expected:
        return _name(file) == expected
    return file == expected or file.endswith("/" + expected)


def _file_match(passage: Json, expected: Json) -> bool:
    return _same_file(passage["file"], expected["file"])


def _section_match(passage: Json, expected: Json) -> bool:
    """The passage is from the expected file and holds the expected section: on its
    heading path, or whole among the small sections it covers."""
    sections = [*passage["section_path"], *passage.get("covers", ())]
    return _file_match(passage, expected) and expected["section"] in sections


def _first_rank(passages: Sequence[Json], expected: Sequence[Json], match: Any) -> int | None:
    for rank, passage in enumerate(passages, start=1):
        if any(match(passage, e) for e in expected):
            return rank
    return None


def file_hit(q: Json, r: Json, k: int) -> float:
    """file_hit@k: 1 if any of the top k passages comes from an expected file, else 0."""
    return float(_first_rank(r["passages"][:k], q["expected"], _file_match) is not None)


def section_hit(q: Json, r: Json, k: int) -> float:
    """section_hit@k: 1 if any of the top k passages is from an expected file and holds
    the expected section (see _section_match), else 0."""
    return float(_first_rank(r["passages"][:k], q["expected"], _section_match) is not None)


def file_rr(q: Json, r: Json, k: int) -> float:
    """file_mrr (per question): 1/rank of the first top-k passage from an expected file;
    0 if none."""
    rank = _first_rank(r["passages"][:k], q["expected"], _file_match)
    return 1.0 / rank if rank else 0.0


def section_rr(q: Json, r: Json, k: int) -> float:
    """section_mrr (per question): 1/rank of the first top-k passage matching a section;
    0 if none."""
    rank = _first_rank(r["passages"][:k], q["expected"], _section_match)
    return 1.0 / rank if rank else 0.0


def ndcg10(q: Json, r: Json, k: int = 10) -> float:
    """ndcg@10: binary gain 1 for a passage that matches an expected section not already
    matched higher up, discounted by log2(rank + 1); ideal = all expected sections first."""
    found: set[int] = set()
    dcg = 0.0
    for rank, passage in enumerate(r["passages"][:10], start=1):
        for i, e in enumerate(q["expected"]):
            if i not in found and _section_match(passage, e):
                found.add(i)
                dcg += 1.0 / math.log2(rank + 1)
                break
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(q["expected"]), 10) + 1))
    return dcg / ideal if ideal else 0.0


def _share_found(phrases: Sequence[str], text: str) -> float:
    text = text.lower()
    return sum(p.lower() in text for p in phrases) / len(phrases) if phrases else 1.0


def fact_recall(q: Json, r: Json, k: int) -> float:
    """fact_recall@k: share of must_mention phrases found (case-insensitive substring) in
    the concatenated text of the top k passages."""
    return _share_found(q["must_mention"], "\n".join(p["text"] for p in r["passages"][:k]))


def context_chars(q: Json, r: Json, k: int) -> float:
    """context_chars: total characters of the top k passages' text."""
    return float(sum(len(p["text"]) for p in r["passages"][:k]))


def answer_fact_coverage(q: Json, r: Json, k: int) -> float:
    """answer_fact_coverage: share of must_mention phrases found in the answer text
    (the comparison table is part of the answer text)."""
    return _share_found(q["must_mention"], r["answer"])


def citation_precision(q: Json, r: Json, k: int) -> float | None:
    """citation_precision: share of distinct cited files that are expected files; None
    (left out of the mean) when the answer cites nothing."""
    cited = {c["file"] for c in r["citations"]}
    if not cited:
        return None
    right = [f for f in cited if any(_same_file(f, e["file"]) for e in q["expected"])]
    return len(right) / len(cited)


_CITED_SEGMENT = re.compile(r"(.+?)((?:\s*\[\d+\])+)[.!?]?(?=\s|$)")


def answer_sentences(answer: str) -> list[tuple[str, list[int]]]:
    """Cited claims of an answer: each run of text up to and including its [n] markers
    (a sentence, list item or table cell), with the numbers it cites."""
    out = []
    for line in answer.splitlines():
        for cell in line.split("|"):
            for match in _CITED_SEGMENT.finditer(cell.strip(" -*")):
                text = match.group(1).strip(" .;:-*_`")
                cites = [int(n) for n in re.findall(r"\[(\d+)\]", match.group(2))]
                if text:
                    out.append((text, cites))
    return out


def supported(sentence: str, quote: str) -> bool:
    """Deterministic support test (`assistant.answering.citing.is_supported`): at least 60% of
    the claim's content words (our keyword tokenizer, stop words removed) occur in the
    cited quote."""
    return is_supported(sentence, quote)


def groundedness(q: Json, r: Json, k: int) -> float | None:
    """groundedness: share of cited answer sentences supported (see `supported`) by the
    quote of at least one citation they cite; None when the answer cites nothing."""
    quotes = {c["n"]: c["quote"] for c in r["citations"]}
    sentences = answer_sentences(r["answer"])
    if not sentences:
        return None
    ok = sum(any(supported(s, quotes.get(n, "")) for n in cites) for s, cites in sentences)
    return ok / len(sentences)


RETRIEVAL = {
    "file_hit@k": file_hit, "section_hit@k": section_hit, "file_mrr": file_rr,
    "section_mrr": section_rr, "ndcg@10": ndcg10, "fact_recall@k": fact_recall,
    "context_chars": context_chars,
}
ANSWER = {
    "answer_fact_coverage": answer_fact_coverage, "citation_precision": citation_precision,
    "groundedness": groundedness,
}


def _mean(values: Sequence[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return round(sum(kept) / len(kept), 4) if kept else None


def percentile(values: Sequence[float], pct: float) -> float | None:
    """Nearest-rank percentile."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(math.ceil(pct / 100 * len(ordered)) - 1, 0)], 2)


def compute(questions: Sequence[Json], records: Sequence[Json], k: int,
            answers: bool = True) -> dict[str, float | None]:
    """All metrics over matched question/record pairs.

    Retrieval and answer metrics are means over answerable questions.
    refusal_recall = refused unanswerables / unanswerables;
    false_refusal_rate = refused answerables / answerables;
    latency_p50_ms / latency_p95_ms = nearest-rank percentiles of latency_ms.
    """
    pairs = list(zip(questions, records, strict=True))
    answerable = [(q, r) for q, r in pairs if q["answerable"]]
    unanswerable = [(q, r) for q, r in pairs if not q["answerable"]]
    metrics: dict[str, float | None] = {
        name: _mean([fn(q, r, k) for q, r in answerable]) for name, fn in RETRIEVAL.items()
    }
    if answers:
        metrics |= {name: _mean([fn(q, r, k) for q, r in answerable])
                    for name, fn in ANSWER.items()}
        metrics["refusal_recall"] = _mean([float(r["refused"]) for _, r in unanswerable])
        metrics["false_refusal_rate"] = _mean([float(r["refused"]) for _, r in answerable])
    latencies = [r["latency_ms"] for _, r in pairs if r.get("latency_ms") is not None]
    metrics["latency_p50_ms"] = percentile(latencies, 50)
    metrics["latency_p95_ms"] = percentile(latencies, 95)
    metrics["questions"] = float(len(pairs))
    return metrics
