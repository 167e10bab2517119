"""Whole asks over a large index, and the peak memory of the process that serves them.

Run as a child process, one per index and store, so each peak (VmHWM) is its own:
    python -m evals.scale_ask --index DIR --questions FILE [--server HOST:PORT --server-pid N]
prints one JSON object. Timed: `Assistant.ask` after a warm-up question (the first ask
of a generation measures its similarity baseline once). Floors: one query embedding
plus one `ChromaStore.query` per question, which no ask can do without; for memory,
this process after imports and the model, plus the raw vectors when Chroma is embedded
(its HNSW index holds them in this process).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .metrics import percentile
from .questions import load_questions
from .scale import DIM, current_rss_mb, peak_rss_mb

DENSE_CANDIDATES = 100


def process_peak_mb(pid: int) -> float | None:
    """Another process's peak resident memory (VmHWM), in MiB; None if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def measure(index_dir: Path, questions: list[str], server: str | None,
            server_pid: int | None) -> dict[str, object]:
    import chromadb  # noqa: F401  (part of the floor: no ask is possible without it)

    from assistant import Assistant
    from ingest.embedding import load_embedder
    from ingest.settings import Settings
    from ingest.store import ChromaStore

    host, _, port = (server or "").partition(":")
    settings = Settings(index_dir=index_dir, chroma_host=host or None,
                        **({"chroma_port": int(port)} if port else {}))
    embedder = load_embedder(settings, purpose="query")
    embedder.embed(["warm-up"])
    floor_rss = current_rss_mb()
    started = time.perf_counter()
    assistant = Assistant.open(settings=settings, embedder=embedder)
    chunks = len(assistant.snapshot.chunks)
    open_s = time.perf_counter() - started
    if not server:
        floor_rss += chunks * DIM * 4 / 2**20
    started = time.perf_counter()
    assistant.ask("Which option suits a small team best?")  # measures the baseline once
    warm_s = time.perf_counter() - started
    store = ChromaStore(settings)
    asks, floors, refused = [], [], 0
    for question in questions:  # interleaved, so a change in load shifts both sides alike
        clock = time.perf_counter()
        answer = assistant.ask(question)
        asks.append((time.perf_counter() - clock) * 1000)
        refused += answer.refused
        clock = time.perf_counter()
        store.query(embedder.embed([question])[0], DENSE_CANDIDATES)
        floors.append((time.perf_counter() - clock) * 1000)
    return {
        "chunks": chunks, "store": "server" if server else "embedded",
        "open_s": round(open_s, 2), "first_ask_s": round(warm_s, 2),
        "ask_p50_ms": percentile(asks, 50), "ask_p95_ms": percentile(asks, 95),
        "floor_p50_ms": percentile(floors, 50), "floor_p95_ms": percentile(floors, 95),
        "asks": len(asks), "refused": refused,
        "peak_rss_mb": round(peak_rss_mb(), 1), "floor_rss_mb": round(floor_rss, 1),
        "server_peak_rss_mb": (round(process_peak_mb(server_pid) or 0, 1) if server_pid
                               else None),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True, help="gold set to ask")
    parser.add_argument("--asks", type=int, default=40)
    parser.add_argument("--server", help="HOST:PORT of a Chroma server serving the index")
    parser.add_argument("--server-pid", type=int, help="its process, for its peak memory")
    args = parser.parse_args(argv)
    asked = [q.question for q in load_questions(args.questions).questions]
    questions = [asked[i % len(asked)] for i in range(args.asks)]
    print(json.dumps(measure(args.index, questions, args.server, args.server_pid)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
