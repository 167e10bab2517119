"""`tradeoffs bench --load --http`: real HTTP clients against `tradeoffs serve`, at one
worker and at N, while an ingest commits mid-run (as `tradeoffs bench --load` does, on a
copy of the corpus). Each client opens a new connection per question, as independent
users do, so the kernel hands each to whichever worker accepts it first. Figures, not
pass/fail: errors (a non-200 answer or a failed connection), stale answers, throughput,
p50/p95 under load against the p95 of one client alone, and the CPU each side spent.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .load import (
    CLIENTS,
    UNLOADED_QUESTIONS,
    Ask,
    Asked,
    LoadFigures,
    _change_and_ingest,
    drive,
    indexed_copy,
    made_up_word,
    summarise,
)
from .local_servers import HOST, answers, free_port, running
from .questions import load_questions

if TYPE_CHECKING:
    import httpx

    from ingest.settings import Settings

WORKERS = 2
QUESTIONS_PER_CLIENT = 100
START_TIMEOUT = 300  # seconds for every worker to load the model and answer /healthz
REQUEST_TIMEOUT = 120


@dataclass(frozen=True)
class HttpLoadRequest:
    corpus: Path
    out: Path
    questions: Path
    clients: int = CLIENTS
    per_client: int = QUESTIONS_PER_CLIENT
    workers: int = WORKERS


@dataclass(frozen=True)
class HttpRun:
    workers: int
    throughput_qps: float  # answers per second of wall time under load
    load: LoadFigures
    # CPU the service's processes spent under load: per answer, and in cores on average.
    # Unlike wall-clock figures these barely move when other work shares the machine.
    cpu_ms_per_answer: float | None = None
    cores_used: float | None = None
    client_cpu_ms_per_answer: float | None = None  # the clients' own threads, here


def run_http_load(request: HttpLoadRequest, settings: Settings) -> int:
    """Measure at 1 and N workers, print the figures, write load-http.json; exit 1 on
    errors or stale answers."""
    questions = [q.question for q in load_questions(request.questions).questions]
    if not questions:
        print(f"tradeoffs: no valid question in {request.questions}", file=sys.stderr)
        return 1
    runs: list[HttpRun] = []
    with indexed_copy(request.corpus, "tradeoffs-load-http-", settings) as (corpus, settings,
                                                                             embedder):
        target = sorted(corpus.rglob("*.md"))[0]
        rng = random.Random(os.getpid())
        for workers in dict.fromkeys((1, request.workers)):
            word = made_up_word(rng)
            print(f"{workers} worker(s): starting the service ...", file=sys.stderr)
            request.out.mkdir(parents=True, exist_ok=True)
            log = request.out / f"serve-{workers}.log"  # kept: a failure's details are here
            with _service(settings.index_dir, workers, log) as (url, pid):
                runs.append(_measure(request, url, pid, settings.api_token, workers,
                                     questions, word, lambda w=word: _change_and_ingest(
                                         target, w, corpus, settings, embedder)))
    print(render_runs(runs))
    request.out.mkdir(parents=True, exist_ok=True)
    path = request.out / "load-http.json"
    path.write_text(json.dumps([asdict(r) for r in runs], indent=1))
    print(f"wrote {path}")
    return 1 if any(r.load.errors or r.load.stale for r in runs) else 0


def _measure(request: HttpLoadRequest, url: str, pid: int, token: str | None, workers: int,
             questions: Sequence[str], word: str, run_ingest: Callable[[], None]) -> HttpRun:
    marker = f"What is the {word} checkpoint format?"
    with _client(url, token) as client:
        for question in questions[: 2 * workers]:  # every worker's first answer warms it
            _ask(client, question, None)
        print(f"  asking {UNLOADED_QUESTIONS} questions one at a time ...", file=sys.stderr)
        alone = [_ask(client, q, None) for q in questions[:UNLOADED_QUESTIONS]]
    print(f"  {request.clients} clients x {request.per_client} questions, re-ingesting "
          f"with the word {word!r} ...", file=sys.stderr)
    cpu_before = tree_cpu_seconds(pid)
    driven = drive(request.clients, request.per_client, questions, marker, word,
                   lambda: _session(url, token), run_ingest)
    cpu = tree_cpu_seconds(pid) - cpu_before
    answered = max(sum(not r.error for r in driven.records), 1)
    return HttpRun(workers, round(answered / driven.seconds, 2),
                   summarise(driven.records, alone, driven.ingest_window, request.clients),
                   round(cpu * 1000 / answered, 2), round(cpu / driven.seconds, 2),
                   round(driven.client_cpu_seconds * 1000 / answered, 2))


def tree_cpu_seconds(pid: int) -> float:
    """User and system CPU of a process and its children (the workers), from /proc;
    0.0 where there is no /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, children = 0.0, {pid}
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                # The command name may hold spaces: the fields start after its ")".
                stats[int(entry.name)] = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
    for child, fields in stats.items():  # one level: uvicorn's workers are its children
        if int(fields[1]) == pid:
            children.add(child)
    for process in children:
        fields = stats.get(process)
        if fields:
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


@contextmanager
def _service(index_dir: Path, workers: int, log: Path) -> Iterator[tuple[str, int]]:
    """`tradeoffs serve` on a free loopback port until the block ends."""
    port = free_port()
    command = [sys.executable, "-m", "ui.cli", "serve", "--index", str(index_dir),
               "--port", str(port), "--workers", str(workers)]
    url = f"http://{HOST}:{port}"
    with running(command, log, lambda: answers(f"{url}/healthz"), START_TIMEOUT) as server:
        yield url, server.pid


@contextmanager
def _client(url: str, token: str | None) -> Iterator[httpx.Client]:
    """One user: a new connection for every question (no keep-alive)."""
    import httpx

    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with httpx.Client(base_url=url, headers=headers, timeout=REQUEST_TIMEOUT,
                      limits=httpx.Limits(max_keepalive_connections=0)) as client:
        yield client


@contextmanager
def _session(url: str, token: str | None) -> Iterator[Ask]:
    """One client's way of asking: over its own HTTP client."""
    with _client(url, token) as client:
        yield partial(_ask, client)


def _ask(client: httpx.Client, question: str, word: str | None) -> Asked:
    import httpx

    started = time.perf_counter()
    try:
        response = client.post("/v1/ask", json={"question": question})
        answer = response.json()
    except (httpx.HTTPError, ValueError) as exc:  # every failure is a figure, not a crash
        return Asked(started, time.perf_counter() - started, word is not None,
                     error=f"{type(exc).__name__}: {str(exc)[:200]}")
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        message = str(answer.get("error", {}).get("message", ""))[:200]
        return Asked(started, seconds, word is not None,
                     error=f"HTTP {response.status_code}: {message}")
    uses = word is not None and not answer["refused"] and any(
        word in p["text"].lower() for p in answer["passages"])
    return Asked(started, seconds, word is not None, uses_new_section=uses)


def render_runs(runs: Sequence[HttpRun]) -> str:
    """One column per worker count."""
    head = ["", *(f"{r.workers} worker{'s' if r.workers > 1 else ''}" for r in runs)]
    rows = [
        ("clients x questions", [f"{r.load.clients} x {r.load.questions // max(r.load.clients, 1)}"
                                 for r in runs]),
        ("errors", [str(r.load.errors) for r in runs]),
        ("stale answers after the ingest",
         [f"{r.load.stale} of {r.load.marker_questions_after_ingest}" for r in runs]),
        ("throughput", [f"{r.throughput_qps} answers/s" for r in runs]),
        ("latency p50 / p95 under load", [f"{r.load.p50_ms} / {r.load.p95_ms} ms" for r in runs]),
        ("latency p50 / p95 one client alone",
         [f"{r.load.unloaded_p50_ms} / {r.load.unloaded_p95_ms} ms" for r in runs]),
        ("p95 under load / p95 alone", [f"{r.load.p95_ratio}x" for r in runs]),
        ("ingest of the change", [f"{r.load.ingest_seconds} s" for r in runs]),
        ("service CPU per answer", [f"{r.cpu_ms_per_answer} ms" for r in runs]),
        ("cores the service used", [f"{r.cores_used}" for r in runs]),
        ("client CPU per answer", [f"{r.client_cpu_ms_per_answer} ms" for r in runs]),
    ]
    width = [max(len(str(c)) for c in col) for col in zip(head, *([n, *v] for n, v in rows),
                                                           strict=True)]
    lines = ["  ".join(f"{c:<{w}}" for c, w in zip(head, width, strict=True))]
    lines += ["  ".join(f"{c:<{w}}" for c, w in zip([n, *v], width, strict=True))
              for n, v in rows]
    if len(runs) > 1 and runs[0].throughput_qps:
        ratio = runs[-1].throughput_qps / runs[0].throughput_qps
        lines.append(f"throughput at {runs[-1].workers} workers / 1 worker: {ratio:.2f}x")
    lines += [f"error ({r.workers} workers): {e}" for r in runs for e in r.load.error_examples]
    load = os.getloadavg()
    lines.append(f"load average during the bench: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return "\n".join(lines)
