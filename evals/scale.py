"""Query time and peak memory of the store and keyword index at N chunks.

Run as a child process, one per scale, so each peak memory figure (VmHWM) is its own:
    python -m evals.scale --chunks N --texts CHUNKS.jsonl --dir TMP [--queries 50]
prints one JSON object. The chunks are synthetic: texts cycled from a real index's
chunk records (so BM25 sees real term statistics), vectors random unit vectors (the
store's cost does not depend on what the vectors mean). Timed: one `ChromaStore.query`
for the dense candidates plus one `KeywordIndex.scores`, as a question costs retrieval.
Floors: an exact numpy top-n over the same vectors for time; the process's memory
after imports plus the raw bytes of vectors and texts for memory.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from ingest.tuning import RetrievalConfig

from .metrics import percentile
from .questions import load_questions

DIM = 384


def _status_mb(field: str) -> float:
    """A memory field of /proc/self/status (Linux), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # the kernel reports kB
    raise RuntimeError(f"no {field} in /proc/self/status")


def current_rss_mb() -> float:
    return _status_mb("VmRSS")


def peak_rss_mb() -> float:
    # VmHWM, not getrusage's ru_maxrss: the latter can carry the parent's peak across
    # fork and exec, which would charge this scale with the bench process's models.
    return _status_mb("VmHWM")


def synthetic(texts: list[str], n: int, seed: int = 0) -> tuple[list[str], list[str], np.ndarray]:
    """n chunk ids, texts (real texts cycled, tagged so none is a duplicate) and unit vectors."""
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((n, DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = [f"syn-{i:07d}" for i in range(n)]
    chunk_texts = [f"{texts[i % len(texts)]} (copy {i // len(texts)})" for i in range(n)]
    return ids, chunk_texts, vectors


def measure(texts: list[str], queries: list[str], n: int, directory: Path) -> dict[str, float]:
    """Build a Chroma collection and keyword index of n synthetic chunks; time queries."""
    import bm25s  # noqa: F401  (imported before the memory floor is read, as the store needs it)
    import chromadb  # noqa: F401

    from ingest.keyword import KeywordIndex
    from ingest.settings import Settings
    from ingest.store import ChromaStore

    rss_after_imports = current_rss_mb()
    ids, chunk_texts, vectors = synthetic(texts, n)
    raw_mb = (vectors.nbytes + sum(len(t.encode()) for t in chunk_texts)) / 2**20
    started = time.perf_counter()
    store = ChromaStore(Settings(index_dir=directory, collection="scale"), create=True)
    metadatas = [{"file": "synthetic.md", "position": i} for i in range(n)]
    store.upsert(ids, vectors, metadatas)
    keyword = KeywordIndex.build(ids, chunk_texts)
    build_s = time.perf_counter() - started

    rng = np.random.default_rng(1)
    query_vectors = rng.standard_normal((len(queries), DIM)).astype(np.float32)
    query_vectors /= np.linalg.norm(query_vectors, axis=1, keepdims=True)
    top = min(RetrievalConfig().dense_candidates, n)  # as many as retrieval asks for
    store.query(query_vectors[0], top)  # the first query loads the HNSW index
    keyword.scores(queries[0])
    times, floors = [], []
    for vector, query in zip(query_vectors, queries, strict=True):
        clock = time.perf_counter()
        store.query(vector, top)
        keyword.scores(query)
        times.append((time.perf_counter() - clock) * 1000)
        clock = time.perf_counter()
        np.argpartition(-(vectors @ vector), top - 1)[:top]
        floors.append((time.perf_counter() - clock) * 1000)
    return {
        "chunks": n, "build_s": round(build_s, 2),
        "query_p50_ms": percentile(times, 50), "query_p95_ms": percentile(times, 95),
        "floor_p50_ms": percentile(floors, 50), "floor_p95_ms": percentile(floors, 95),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "floor_rss_mb": round(rss_after_imports + raw_mb, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, required=True)
    parser.add_argument("--texts", type=Path, required=True,
                        help="chunks.jsonl of a real index (its `embed_text` fields are used)")
    parser.add_argument("--questions", type=Path, required=True, help="gold set for queries")
    parser.add_argument("--dir", type=Path, required=True, help="empty folder for the store")
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args(argv)
    with open(args.texts, encoding="utf-8") as fh:
        texts = [json.loads(line)["embed_text"] for line in fh]
    asked = [q.question for q in load_questions(args.questions).questions]
    queries = [asked[i % len(asked)] for i in range(args.queries)]
    print(json.dumps(measure(texts, queries, args.chunks, args.dir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
