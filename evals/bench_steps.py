"""The measurements behind `tradeoffs bench`, each paired with the floor it is read against.

Every step returns `Figure`s: a value, the floor measured in the same run, and their
ratio. Steps that time a whole process start a fresh child with the same Python.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.embedding import Embedder
from ingest.settings import Settings

from .metrics import percentile

REPO = Path(__file__).resolve().parents[1]
UI_APP = REPO / "ui" / "web" / "app.py"
CHILD_TIMEOUT = 600


@dataclass(frozen=True)
class Figure:
    name: str
    backend: str  # the embedder backend measured, or "-" when no model is involved
    value: float | None
    floor: float | None
    unit: str
    floor_name: str  # what the floor measures
    note: str = ""  # why a figure is missing, or how it was taken

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return round(self.value / self.floor, 2)

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "backend": self.backend, "value": self.value,
                "floor": self.floor, "ratio": self.ratio, "unit": self.unit,
                "floor_name": self.floor_name, "note": self.note}


def tradeoffs_command() -> list[str]:
    """The console script run by this interpreter (the same venv)."""
    script = Path(sys.executable).parent / "tradeoffs"
    return [sys.executable, str(script)] if script.exists() else [sys.executable, "-m", "ui.cli"]


def child_env(backend: str, index_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"TRADEOFFS_EMBEDDER": backend, "TRADEOFFS_INDEX_DIR": str(index_dir),
                "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
                "TOKENIZERS_PARALLELISM": "false"})
    return env


def timed_run(command: Sequence[str], env: dict[str, str]) -> float:
    """Wall seconds of one child process; raises when it fails."""
    started = time.perf_counter()
    done = subprocess.run(list(command), env=env, cwd=REPO, capture_output=True, text=True,
                          timeout=CHILD_TIMEOUT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"{' '.join(command[1:3])} exited {done.returncode}: {last}")
    return seconds


def median_run(command: Sequence[str], env: dict[str, str], times: int = 3) -> float:
    return round(statistics.median(timed_run(command, env) for _ in range(times)), 3)


def chunk_texts(corpus: Path, settings: Settings) -> list[str]:
    """The texts an ingest of `corpus` embeds, chunked as the pipeline chunks them."""
    from ingest.chunking import chunk_document
    from ingest.embedding import model_dir
    from ingest.errors import UnreadableDocument
    from ingest.loaders import discover, load
    from ingest.tokens import TokenCounter

    count = TokenCounter(model_dir())
    root = corpus.resolve()
    texts: list[str] = []
    for path in discover(root):
        try:
            doc = load(path, root)
        except UnreadableDocument:
            continue  # ingest skips it too
        chunks = chunk_document(doc, count, settings.chunk_tokens, settings.max_tokens)
        texts += [c.embed_text for c in chunks]
    return texts


def _embed_all(embedder: Embedder, texts: list[str]) -> float:
    from ingest.pipeline import EMBED_BATCH

    started = time.perf_counter()
    for start in range(0, len(texts), EMBED_BATCH):
        embedder.embed(texts[start:start + EMBED_BATCH])
    return time.perf_counter() - started


def ingest_vs_embedding(corpus: Path, index_dir: Path, embedder: Embedder,
                        backend: str) -> Figure:
    """Full ingest into a fresh index vs embedding the same chunk texts in the same
    batches, both in this process with the same loaded model, so the ratio is what
    ingest adds to the model's own work. The floor is the mean of one run just before
    and one just after the ingest, so a change in machine load affects both sides."""
    from ingest.pipeline import ingest

    settings = Settings(index_dir=index_dir, embedder=backend)
    texts = chunk_texts(corpus, settings)
    embedder.embed(["warm-up"])  # the first call pays one-off costs neither side should carry
    before = _embed_all(embedder, texts)
    summary = ingest(corpus, settings, embedder=embedder)
    after = _embed_all(embedder, texts)
    note = f"{summary.chunks_embedded} chunks embedded; floor runs {before:.1f} s, {after:.1f} s"
    if summary.chunks_embedded != len(texts):
        note += f" over {len(texts)} texts"
    return Figure("full ingest", backend, round(summary.seconds, 2),
                  round((before + after) / 2, 2), "s", "embedding its chunk texts only", note)


def reingest_vs_python(corpus: Path, index_dir: Path, backend: str) -> Figure:
    """`tradeoffs ingest` on an unchanged index vs a bare interpreter start (median of 3)."""
    env = child_env(backend, index_dir)
    value = median_run([*tradeoffs_command(), "ingest", str(corpus.resolve()),
                        "--index", str(index_dir)], env)
    floor = median_run([sys.executable, "-c", "pass"], env)
    return Figure("no-change re-ingest (process)", backend, value, floor, "s",
                  "`python -c pass`", "median of 3")


def warm_asks(index_dir: Path, embedder: Embedder, backend: str,
              questions: Sequence[str]) -> list[Figure]:
    """p50/p95 of `Assistant.ask` in a warm process vs one query embedding plus one
    vector query (`ChromaStore.query`) per question."""
    from assistant import Assistant
    from ingest.store import ChromaStore

    settings = Settings(index_dir=index_dir, embedder=backend)
    assistant = Assistant.open(settings=settings, embedder=embedder)
    # Builds the vocabulary and caches once; not a timed question, whose repeat the
    # retriever would answer from its memory of recent queries.
    assistant.ask("Which storage suits shared model weights?")
    store = ChromaStore(settings)
    n = min(settings.tuning.retrieval.dense_candidates, store.count())
    asks, floors = [], []
    # Interleaved, so a change in machine load shifts both sides alike.
    for question in questions:
        started = time.perf_counter()
        assistant.ask(question)
        asks.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        store.query(embedder.embed([question])[0], n)
        floors.append((time.perf_counter() - started) * 1000)
    note = f"{len(questions)} questions"
    return [Figure(f"warm ask {p}", backend, percentile(asks, pct), percentile(floors, pct),
                   "ms", "embed query + ChromaStore.query", note)
            for p, pct in (("p50", 50), ("p95", 95))]


def cold_ask(index_dir: Path, backend: str, question: str) -> list[Figure]:
    """A whole `tradeoffs ask --json` process (median of 3) against two floors: a process
    that only loads the model and embeds one query, and one that also opens the Chroma
    store and runs one vector query, which no ask can do without."""
    env = child_env(backend, index_dir)
    value = median_run([*tradeoffs_command(), "ask", question, "--json",
                        "--index", str(index_dir)], env)
    load_and_embed = ("from ingest.embedding import load_embedder; "
                      "from ingest.settings import Settings; "
                      "from dataclasses import replace; "
                      f"settings = replace(Settings.from_env(), embedder={backend!r}); "
                      "embedder = load_embedder(settings, purpose='query'); "
                      f"vector = embedder.embed([{question!r}])[0]")
    embed_floor = median_run([sys.executable, "-c", load_and_embed], env)
    query = ("; from ingest.store import ChromaStore; "
             f"ChromaStore(Settings.from_env(index_dir={str(index_dir)!r})).query(vector, 100)")
    query_floor = median_run([sys.executable, "-c", load_and_embed + query], env)
    return [Figure("cold ask (process)", backend, value, embed_floor, "s",
                   "process: load model + embed one query", "median of 3"),
            Figure("cold ask (process)", backend, value, query_floor, "s",
                   "process: load model + embed + one Chroma query", "median of 3")]


# Run in a child: open an app with Streamlit's test harness, ask, wait for the answer.
_UI_CHILD = r"""
import json, sys, time
from streamlit.testing.v1 import AppTest
app, question = sys.argv[1], sys.argv[2]
at = AppTest.from_file(app, default_timeout=300).run()
if question:
    if len(at.chat_input):
        at.chat_input[0].set_value(question).run()
    elif len(at.text_input):
        at.text_input[0].input(question)
        buttons = [b for b in at.button if "ask" in str(b.label).lower()]
        (buttons[0].click() if buttons else at).run()
    else:
        print(json.dumps({"error": "the app shows no question input"})); sys.exit(0)
done = time.time()
if len(at.exception):
    print(json.dumps({"error": str(at.exception[0].message)[:200]})); sys.exit(0)
shown = " ".join(str(e.value) for e in at.markdown)
replied = any(m.name == "assistant" for m in at.chat_message)
ok = (not question) or replied or "[1]" in shown
print(json.dumps({"at": done, "answered": ok}))
"""

_FLOOR_APP = """import streamlit as st
from ingest.embedding import load_embedder
from ingest.settings import Settings
settings = Settings.from_env()
st.markdown(str(load_embedder(settings, "query").embed(["q"]).shape))
"""


def _ui_seconds(app: Path, question: str, env: dict[str, str]) -> tuple[float | None, str]:
    started = time.time()
    done = subprocess.run([sys.executable, "-c", _UI_CHILD, str(app), question], env=env,
                          cwd=REPO, capture_output=True, text=True, timeout=CHILD_TIMEOUT)
    lines = done.stdout.strip().splitlines()
    try:
        result = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"n/a: the app did not run ({last[:160]})"
    if "error" in result:
        return None, f"n/a: {result['error']}"
    if not result["answered"]:
        return None, "n/a: no answer appeared"
    return round(result["at"] - started, 2), ""


def ui_first_answer(index_dir: Path, backend: str, question: str) -> Figure:
    """Seconds from starting a fresh process to the UI's first answer (Streamlit's
    AppTest), vs the same harness running a one-line app that loads the model and
    embeds one query."""
    name, floor_name = "UI first answer (process)", "harness + load model + embed one query"
    if not UI_APP.exists():
        return Figure(name, backend, None, None, "s", floor_name, "n/a: ui/web/app.py not found")
    env = child_env(backend, index_dir)
    value, note = _ui_seconds(UI_APP, question, env)
    with tempfile.TemporaryDirectory() as tmp:
        floor_app = Path(tmp) / "floor_app.py"
        floor_app.write_text(_FLOOR_APP)
        floor, floor_note = _ui_seconds(floor_app, "", env)
    return Figure(name, backend, value, floor, "s", floor_name, note or floor_note)
