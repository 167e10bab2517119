"""`tradeoffs bench --load`: many clients asking through one Assistant while an ingest runs.

The corpus is copied to a temporary folder and indexed. Then CLIENTS threads ask gold
questions through one shared Assistant (as an API server or the app does) while one file
of the copy gains a section about a made-up word and is re-ingested. Every few questions
a client asks about that word. Reported, as figures rather than pass/fail:
- errors: any exception from `ask`;
- stale: a question about the new word, asked after the ingest committed, whose answer
  does not use the new section (the old generation answered it);
- p50/p95 latency under load, against the p95 of the same questions asked one at a time.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import asdict, dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .metrics import percentile
from .questions import load_questions

if TYPE_CHECKING:
    from assistant import Assistant
    from ingest.embedding import Embedder
    from ingest.settings import Settings

CLIENTS = 8
QUESTIONS_PER_CLIENT = 200
UNLOADED_QUESTIONS = 40
MARKER_EVERY = 10  # every tenth question of a client asks about the new word
INGEST_AFTER = 0.1  # start the ingest once this share of the questions is answered


@dataclass(frozen=True)
class LoadRequest:
    corpus: Path
    out: Path
    questions: Path
    clients: int = CLIENTS
    per_client: int = QUESTIONS_PER_CLIENT


@dataclass(frozen=True)
class Asked:
    started: float
    seconds: float
    marker: bool
    error: str = ""
    uses_new_section: bool = False


@dataclass(frozen=True)
class LoadFigures:
    clients: int
    questions: int
    errors: int
    stale: int
    marker_questions_after_ingest: int
    p50_ms: float | None
    p95_ms: float | None
    unloaded_p50_ms: float | None
    unloaded_p95_ms: float | None
    p95_ratio: float | None
    ingest_seconds: float
    error_examples: tuple[str, ...]


def made_up_word(rng: random.Random) -> str:
    """A word no document contains: letters only, so every tokenizer keeps it whole."""
    consonants, vowels = "bdfgklmnprstvz", "aeiou"
    return "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(4)) + "ite"


def new_section(word: str) -> str:
    return (f"\n\n## The {word} checkpoint format\n\nTeams store model checkpoints in the "
            f"{word} format, which keeps each shard beside its optimizer state so that a "
            f"failed training job restarts from {word} files in minutes.\n")


@contextmanager
def indexed_copy(corpus: Path, prefix: str, base: Settings
                 ) -> Iterator[tuple[Path, Settings, Embedder]]:
    """A copy of `corpus` in a temporary folder, indexed there with a loaded query
    embedder: (the copy, its settings, the embedder). Removed when the block ends."""
    from ingest.embedding import load_embedder
    from ingest.pipeline import ingest

    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        copy = Path(shutil.copytree(corpus, workdir / "corpus"))
        index_dir = workdir / "index"
        settings = replace(base, index_dir=index_dir, feedback_db=index_dir / "feedback.sqlite3")
        embedder = load_embedder(settings, purpose="query")
        print("indexing a copy of the corpus ...", file=sys.stderr)
        ingest(copy, settings, embedder=embedder)
        yield copy, settings, embedder
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run_load(request: LoadRequest, settings: Settings) -> int:
    """Measure, print the figures and write load.json; exit 1 on errors or stale answers."""
    from assistant import Assistant

    questions = [q.question for q in load_questions(request.questions).questions]
    if not questions:
        print(f"tradeoffs: no valid question in {request.questions}", file=sys.stderr)
        return 1
    with indexed_copy(request.corpus, "tradeoffs-load-", settings) as (corpus, settings,
                                                                        embedder):
        assistant = Assistant.open(settings=settings, embedder=embedder)
        assistant.ask(questions[0])  # warm-up

        print(f"asking {UNLOADED_QUESTIONS} questions one at a time ...", file=sys.stderr)
        unloaded = [_ask(assistant, q, None) for q in questions[:UNLOADED_QUESTIONS]]

        word = made_up_word(random.Random(os.getpid()))
        marker_question = f"What is the {word} checkpoint format?"
        target = sorted(p for p in corpus.rglob("*.md"))[0]
        print(f"{request.clients} clients x {request.per_client} questions; "
              f"re-ingesting {target.name} with the word {word!r} ...", file=sys.stderr)
        driven = drive(
            request.clients, request.per_client, questions, marker_question, word,
            lambda: nullcontext(partial(_ask, assistant)),
            lambda: _change_and_ingest(target, word, corpus, settings, embedder))

    figures = summarise(driven.records, unloaded, driven.ingest_window, request.clients)
    print(render(figures))
    request.out.mkdir(parents=True, exist_ok=True)
    path = request.out / "load.json"
    path.write_text(json.dumps(asdict(figures), indent=1))
    print(f"wrote {path}")
    return 1 if figures.errors or figures.stale else 0


def _change_and_ingest(target: Path, word: str, corpus: Path, settings: Settings,
                       embedder: Embedder) -> None:
    from ingest.pipeline import ingest

    with open(target, "a", encoding="utf-8") as fh:
        fh.write(new_section(word))
    summary = ingest(corpus, settings, embedder=embedder)
    if summary.failed or not summary.changed:
        raise RuntimeError(f"the ingest did not take the change: {summary.as_dict()}")


def _ask(assistant: Assistant, question: str, word: str | None) -> Asked:
    started = time.perf_counter()
    try:
        answer = assistant.ask(question)
    except Exception as exc:  # every failure is a figure, not a crash
        return Asked(started, time.perf_counter() - started, word is not None,
                     error=f"{type(exc).__name__}: {str(exc)[:200]}")
    uses = word is not None and not answer.refused and any(
        word in p.text.lower() for p in answer.passages)
    return Asked(started, time.perf_counter() - started, word is not None,
                 uses_new_section=uses)


# One client's way of asking: a question, and the made-up word when it asks about it.
Ask = Callable[[str, str | None], Asked]


@dataclass(frozen=True)
class Driven:
    records: list[Asked]
    ingest_window: tuple[float, float]  # when the ingest started and committed
    seconds: float  # wall time the clients took
    client_cpu_seconds: float  # CPU the client threads themselves spent


def drive(clients: int, per_client: int, questions: Sequence[str], marker_question: str,
          word: str, session: Callable[[], AbstractContextManager[Ask]],
          run_ingest: Callable[[], None]) -> Driven:
    """Run `clients` threads, each asking through its own `session`; start the ingest
    once a share of the questions is answered. Every MARKER_EVERY-th question of a
    client asks about the new word."""
    records: list[Asked] = []
    client_cpu: list[float] = []
    lock = threading.Lock()
    answered = threading.Semaphore(0)

    def client(n: int) -> None:
        cpu = time.thread_time()
        with session() as ask:
            for i in range(per_client):
                if i % MARKER_EVERY == MARKER_EVERY - 1:
                    asked = ask(marker_question, word)
                else:
                    asked = ask(questions[(n * 25 + i) % len(questions)], None)
                with lock:
                    records.append(asked)
                answered.release()
        client_cpu.append(time.thread_time() - cpu)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for _ in range(max(1, int(INGEST_AFTER * clients * per_client))):
        answered.acquire()
    ingest_started = time.perf_counter()
    error: BaseException | None = None
    try:
        run_ingest()
    except BaseException as exc:  # re-raised once the clients are done
        error = exc
    committed = time.perf_counter()
    for thread in threads:
        thread.join()
    finished = time.perf_counter()
    if error is not None:
        raise error
    return Driven(records, (ingest_started, committed), finished - started, sum(client_cpu))


def summarise(records: Sequence[Asked], unloaded: Sequence[Asked],
              ingest_window: tuple[float, float], clients: int) -> LoadFigures:
    committed = ingest_window[1]
    after = [r for r in records if r.marker and not r.error and r.started > committed]
    latencies = [r.seconds * 1000 for r in records if not r.error]
    alone = [r.seconds * 1000 for r in unloaded if not r.error]
    p95, alone_p95 = percentile(latencies, 95), percentile(alone, 95)
    errors = [r.error for r in [*records, *unloaded] if r.error]
    return LoadFigures(
        clients=clients, questions=len(records), errors=len(errors),
        stale=sum(not r.uses_new_section for r in after),
        marker_questions_after_ingest=len(after),
        p50_ms=percentile(latencies, 50), p95_ms=p95,
        unloaded_p50_ms=percentile(alone, 50), unloaded_p95_ms=alone_p95,
        p95_ratio=round(p95 / alone_p95, 2) if p95 and alone_p95 else None,
        ingest_seconds=round(committed - ingest_window[0], 2),
        error_examples=tuple(dict.fromkeys(errors))[:5],
    )


def render(f: LoadFigures) -> str:
    rows = [
        ("clients x questions", f"{f.clients} x {f.questions // max(f.clients, 1)}"),
        ("errors", f"{f.errors}"),
        ("stale answers after the ingest", f"{f.stale} of {f.marker_questions_after_ingest}"),
        ("latency p50 / p95 under load", f"{f.p50_ms} / {f.p95_ms} ms"),
        ("latency p50 / p95 one at a time", f"{f.unloaded_p50_ms} / {f.unloaded_p95_ms} ms"),
        ("p95 under load / p95 alone", f"{f.p95_ratio}x"),
        ("ingest of the change", f"{f.ingest_seconds} s"),
    ]
    width = max(len(name) for name, _ in rows)
    lines = [f"{name:<{width}}  {value}" for name, value in rows]
    lines += [f"error: {e}" for e in f.error_examples]
    return "\n".join(lines)
