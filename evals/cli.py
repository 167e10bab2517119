"""The `tradeoffs eval` and `tradeoffs bench` subcommands.

Handlers import the assistant, the model and matplotlib only when they run, so that
registering them costs `tradeoffs ask` nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import UsageError

if TYPE_CHECKING:
    from ingest.settings import Settings

EXIT_OK, EXIT_PARTIAL = 0, 1


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's subcommands to the `tradeoffs` parser."""
    p = sub.add_parser(
        "eval", help="score answers against a gold question set",
        description="Index CORPUS (incrementally), ask every question of the gold set and "
                    "write report.json, report.md and report.png into OUT. The index "
                    "defaults to <index dir>/eval-<corpus name>-<hash> (index dir: "
                    "TRADEOFFS_INDEX_DIR, else .tradeoffs). Exits 1 when a question line "
                    "was malformed (it is named on stderr; the rest still run).")
    p.add_argument("--questions", required=True, type=Path, help="gold questions (JSON Lines)")
    p.add_argument("--corpus", required=True, type=Path, help="folder of documents to index")
    p.add_argument("--index", type=Path, help="index directory (default: see above)")
    p.add_argument("--k", type=int, default=5, help="passages per question (default: 5)")
    p.add_argument("--compare", action="store_true",
                   help="also run dense, keyword and hybrid retrieval and a LangChain baseline")
    p.add_argument("--embedder", action="append", default=[],
                   choices=["auto", "onnx", "sentence-transformers"],
                   help="also run the default configuration with this embedding backend, "
                        "indexed apart; repeat to compare several")
    p.add_argument("--split", choices=["tune", "heldout", "all"], default="all",
                   help="ask only the tune or the held-out half of the questions (fixed by a "
                        "hash of each id); every report shows both halves (default: all)")
    p.add_argument("--out", required=True, type=Path, help="folder for the three report files")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser(
        "bench", help="print speed and memory figures, each against its floor",
        description="Benchmarks: ingest, re-ingest, warm and cold ask, the UI's first "
                    "answer, and whole-ask time and serving memory at 1x, 10x and 100x the "
                    "corpus, on embedded Chroma and on a Chroma server. Prints a table and "
                    "writes bench.json into OUT.")
    p.add_argument("--out", type=Path, default=Path("bench-out"),
                   help="folder for bench.json (default: bench-out)")
    p.add_argument("--corpus", type=Path, default=Path("corpus/ai-on-eks-why"),
                   help="corpus to measure (default: corpus/ai-on-eks-why)")
    p.add_argument("--embedder", choices=["auto", "onnx", "sentence-transformers"],
                   action="append",
                   help="embedding backend; repeat to print backends side by side "
                        "(default: the configured one)")
    p.add_argument("--questions", type=Path, default=Path("evals/data/questions.jsonl"),
                   help="gold set the warm-ask questions come from")
    p.add_argument("--scales", default="1,10,100",
                   help="corpus multiples for the scale figures (default: 1,10,100)")
    p.add_argument("--scale-cache", type=Path, metavar="DIR",
                   help="keep each multiple's synthetic index in DIR and reuse it on later "
                        "runs (1000x takes long to build); default: a temporary folder")
    p.add_argument("--scale-only", action="store_true",
                   help="measure only the scale figures")
    p.add_argument("--load", action="store_true",
                   help="instead: concurrent clients ask while a changed corpus is re-ingested; "
                        "prints errors, stale answers and latency (writes load.json)")
    p.add_argument("--clients", type=int, default=8, help="--load: clients (default: 8)")
    p.add_argument("--load-questions", type=int, default=200,
                   help="--load: questions per client (default: 200)")
    p.add_argument("--http", action="store_true",
                   help="--load: ask a real `tradeoffs serve` over HTTP, at 1 worker and at "
                        "--workers (writes load-http.json)")
    p.add_argument("--workers", type=int, default=2,
                   help="--load --http: worker processes of the second run (default: 2)")
    p.set_defaults(func=cmd_bench)


def cmd_eval(args: argparse.Namespace) -> int:
    if not args.questions.is_file():
        raise UsageError(f"--questions {args.questions} is not a file")
    if not args.corpus.is_dir():
        raise UsageError(f"--corpus {args.corpus} is not a folder")
    if args.k < 1:
        raise UsageError("--k must be at least 1")

    from .evaluate import EvalRequest, run_eval
    from .questions import load_questions
    from .report import by_half, metrics_table
    from .split import select

    loaded = load_questions(args.questions)
    for bad in loaded.bad:
        print(f"tradeoffs: bad question line {bad.message(str(args.questions))}",
              file=sys.stderr)
    if not loaded.questions:
        print(f"tradeoffs: no valid question in {args.questions}", file=sys.stderr)
        return EXIT_PARTIAL
    if not select(loaded.questions, args.split):
        print(f"tradeoffs: no question of {args.questions} is in the {args.split} half",
              file=sys.stderr)
        return EXIT_PARTIAL
    request = EvalRequest(args.questions, args.corpus, args.out, args.index, args.k,
                          args.compare, args.split, tuple(args.embedder))
    outcome = run_eval(request, _env_settings(), ingest_progress=_ingest_bar(),
                       ticks=_question_bar)
    for name, reason in outcome.ingest.failed.items():
        print(f"skipped {name}: {reason}", file=sys.stderr)
    report = outcome.report
    print(f"{report['configuration']}:")
    print(metrics_table(by_half(report)))
    if "comparison" in report:
        print()
        print(metrics_table({n: c["metrics"] for n, c in report["comparison"].items()}))
    print("\nwrote " + ", ".join(str(p) for p in outcome.files))
    return EXIT_PARTIAL if outcome.bad else EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    if not args.corpus.is_dir():
        raise UsageError(f"--corpus {args.corpus} is not a folder")
    if not args.questions.is_file():
        raise UsageError(f"--questions {args.questions} is not a file")
    try:
        scales = tuple(int(s) for s in args.scales.split(","))
    except ValueError:
        raise UsageError(f"--scales takes whole numbers, e.g. 1,10,100: {args.scales}") from None
    if not scales or min(scales) < 1:
        raise UsageError("--scales must be positive")
    if args.load:
        if args.clients < 1 or args.load_questions < 1:
            raise UsageError("--clients and --load-questions must be at least 1")
        if args.http:
            if args.workers < 1:
                raise UsageError("--workers must be at least 1")
            from .load_http import HttpLoadRequest, run_http_load

            return run_http_load(HttpLoadRequest(args.corpus, args.out, args.questions,
                                                 args.clients, args.load_questions,
                                                 args.workers), _env_settings())
        from .load import LoadRequest, run_load

        return run_load(LoadRequest(args.corpus, args.out, args.questions, args.clients,
                                    args.load_questions), _env_settings())
    from .bench import BenchRequest, run_bench

    request = BenchRequest(corpus=args.corpus, out=args.out, questions=args.questions,
                           embedders=tuple(args.embedder or ()), scales=scales,
                           scale_cache=args.scale_cache, scale_only=args.scale_only)
    return run_bench(request, _env_settings())


def _env_settings() -> Settings:
    """The settings a command starts from: defaults, then TRADEOFFS_* variables."""
    from ingest.settings import Settings

    return Settings.from_env()


def _is_terminal() -> bool:
    return sys.stderr.isatty()


def _ingest_bar() -> Callable[[str, int, int], None] | None:
    """A tqdm bar per ingest phase on a terminal; nothing when output is piped."""
    if not _is_terminal():
        return None
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def update(phase: str, done: int, total: int) -> None:
        bar = bars.get(phase)
        if bar is None:
            bar = bars[phase] = tqdm(total=total, desc=f"ingest {phase}", file=sys.stderr)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update


def _question_bar(label: str, total: int) -> Callable[[], None] | None:
    """A tqdm bar over the questions of one configuration, on a terminal only."""
    if not _is_terminal():
        return None
    from tqdm import tqdm

    bar = tqdm(total=total, desc=label, unit="q", file=sys.stderr)

    def tick() -> None:
        bar.update()
        if bar.n >= total:
            bar.close()

    return tick
