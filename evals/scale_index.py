"""A synthetic index at N times a real one, written as an ingest writes it, for whole asks.

    python -m evals.scale_index --base INDEX --multiple N --dir DIR

Copy 0 is the base index itself (its chunks, under their own names, with their real
vectors), so questions still find real answers; copies 1..N-1 repeat every chunk under
`copy-NNNN/` with a random unit vector (the store's cost does not depend on what the
vectors mean), the distractors a large index brings. Everything goes through the real
code: `ChromaStore.upsert`, `write_chunks`, `KeywordIndex`, `Manifest.save`, so
`Assistant.open(DIR)` opens it like any index. A finished folder is reused as it is
(its manifest is the commit point); an interrupted build resumes at the copy it reached.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np

DIM = 384
COLUMNS_FILE = "chunks.columns.npz"  # ingest.chunk_table's, written last by the records part
UPSERT_COPIES = 8  # copies per upsert call: a few thousand vectors


def synthetic_chunks(base: list, copy: int) -> list:
    """The base chunks as copy `copy` (0: the base chunks themselves)."""
    if copy == 0:
        return base
    prefix = f"copy-{copy:04d}/"
    return [replace(c, id=f"{c.id}-{copy:04d}", file=prefix + c.file) for c in base]


def _random_units(rows: int, rng: np.random.Generator) -> np.ndarray:
    vectors = rng.standard_normal((rows, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def build(base_dir: Path, multiple: int, directory: Path, say=print,
          parts: tuple[str, ...] = ("records", "vectors")) -> Path:
    """Build (or finish building) the index in `directory`; returns it. The records and
    the vectors are independent until the manifest commits them, so `parts` may build
    one of them alone (in two processes at once); the manifest is written once both
    are there."""
    from ingest.manifest import Manifest, read_chunks

    if Manifest.load(directory) is not None:
        return directory  # committed: built before
    base_manifest = Manifest.load(base_dir)
    if base_manifest is None:
        raise SystemExit(f"no index at {base_dir}")
    base_gen = base_manifest.generation_dir(base_dir)
    base = read_chunks(base_gen / "chunks.jsonl")
    manifest = Manifest(
        model=base_manifest.model, chunker=base_manifest.chunker, root=base_manifest.root,
        generation=1, updated_at=base_manifest.updated_at,
        files={(f"copy-{copy:04d}/" if copy else "") + name: entry
               for copy in range(multiple) for name, entry in base_manifest.files.items()})
    gen_dir = manifest.generation_dir(directory)
    if "records" in parts:
        _write_records(base, multiple, gen_dir, say)
    if "vectors" not in parts:
        return directory  # the store is the other process's: one writer at a time
    _store_vectors(base, np.load(base_gen / "vectors.npy"), multiple, directory, say)
    if not (gen_dir / COLUMNS_FILE).exists():
        return directory  # the records are still being written

    from ingest.chunk_table import ChunkTable
    from ingest.exact_search import ExactSearch
    from ingest.settings import Settings
    from ingest.store import ChromaStore

    # The vectors an ingest caches for exact search (only up to its size limit).
    table = ChunkTable(gen_dir / "chunks.jsonl")
    ExactSearch.write(gen_dir, table.columns.id_list(), ChromaStore(Settings(index_dir=directory)))
    manifest.save(directory)
    say(f"built {len(base) * multiple:,} chunks in {directory}")
    return directory


def _store_vectors(base: list, base_vectors: np.ndarray, multiple: int, directory: Path,
                   say) -> None:
    from ingest.settings import Settings
    from ingest.store import ChromaStore

    store = ChromaStore(Settings(index_dir=directory), create=True)
    done = store.count() // len(base)  # copies are upserted whole and in order
    rng = np.random.default_rng(done)
    started = time.perf_counter()
    for first in range(done, multiple, UPSERT_COPIES):
        copies = range(first, min(first + UPSERT_COPIES, multiple))
        chunks = [c for copy in copies for c in synthetic_chunks(base, copy)]
        vectors = np.concatenate([base_vectors if copy == 0 else
                                  _random_units(len(base), rng) for copy in copies])
        store.upsert([c.id for c in chunks], vectors, [c.metadata() for c in chunks])
        rate = (copies[-1] + 1 - done) / (time.perf_counter() - started)
        say(f"stored copy {copies[-1] + 1}/{multiple} "
            f"({(multiple - copies[-1] - 1) / rate / 60:.1f} min left)")


def _write_records(base: list, multiple: int, gen_dir: Path, say) -> None:
    """The chunk records, the keyword index and the records' columns (written last, so
    their presence says this part is complete)."""
    from ingest.chunk_table import ChunkTable
    from ingest.manifest import write_chunks

    if (gen_dir / COLUMNS_FILE).exists():
        return
    gen_dir.mkdir(parents=True, exist_ok=True)
    say("writing chunk records ...")
    write_chunks(gen_dir / "chunks.jsonl", _all_chunks(base, multiple))  # type: ignore[arg-type]
    say("building the keyword index ...")
    _keyword(base, multiple).save(gen_dir / "keyword")
    say("reading the records' columns ...")
    ChunkTable(gen_dir / "chunks.jsonl")  # as the first reader would; cached beside them


def _all_chunks(base: list, multiple: int) -> Iterator:
    for copy in range(multiple):
        yield from synthetic_chunks(base, copy)


def _keyword(base: list, multiple: int):
    from ingest.keyword import KeywordIndex

    ids = [c.id for copy in range(multiple) for c in synthetic_chunks(base, copy)]
    texts = [c.embed_text for _ in range(multiple) for c in base]
    return KeywordIndex.build(ids, texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="a real index to multiply")
    parser.add_argument("--multiple", type=int, required=True)
    parser.add_argument("--dir", type=Path, required=True, help="folder for the new index")
    parser.add_argument("--part", choices=("records", "vectors", "all"), default="all",
                        help="build only the records (chunk records, keyword index) or only "
                             "the vectors, e.g. in two processes at once (default: all)")
    args = parser.parse_args(argv)
    parts = ("records", "vectors") if args.part == "all" else (args.part,)
    build(args.base, args.multiple, args.dir, parts=parts,
          say=lambda text: print(text, file=sys.stderr, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
