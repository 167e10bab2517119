"""The scale figures of `tradeoffs bench`: whole asks over N times the corpus, on embedded
Chroma and on a `chroma run` server, with the serving process's peak memory.

Each multiple's index is built once (`evals.scale_index`) into a cache folder, named by
the base index's content, and reused by later runs: at 1,000x the build takes long.
Each measurement runs in its own child process (`evals.scale_ask`), so every peak
memory figure is that process's own.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from .bench_steps import CHILD_TIMEOUT, REPO, Figure, child_env
from .local_servers import chroma_server

BUILD_TIMEOUT = 4 * 3600  # 1,000x on a busy 2-core machine
# The service's budget at 1,000x on a Chroma server: a whole ask and the serving process's peak.
ASK_P95_BUDGET_MS = 100
SERVING_RSS_BUDGET_MB = 2048


def cache_key(base_index: Path) -> str:
    """Names the base index's content: the same corpus, chunker and model give the same."""
    from ingest.manifest import Manifest

    manifest = Manifest.load(base_index)
    assert manifest is not None
    digest = hashlib.sha256(json.dumps(
        [manifest.model, manifest.chunker, sorted((n, e.sha256) for n, e in
                                                  manifest.files.items())]).encode())
    return digest.hexdigest()[:12]


def _child(command: list[str], env: dict[str, str], timeout: float) -> dict:
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=timeout,
                          env=env)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(last)
    lines = done.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else {}


def _ask_figures(r: dict, label: str, where: str) -> list[Figure]:
    note = (f"{r['asks']} asks, {r['refused']} refused; open {r['open_s']} s, "
            f"first ask {r['first_ask_s']} s")
    floor_q = "embed query + ChromaStore.query"
    figures = [
        Figure(f"whole ask p50 at {label}, {where}", "-", r["ask_p50_ms"], r["floor_p50_ms"],
               "ms", floor_q, note),
        Figure(f"whole ask p95 at {label}, {where}", "-", r["ask_p95_ms"], r["floor_p95_ms"],
               "ms", floor_q, note),
        Figure(f"serving peak memory at {label}, {where}", "-", r["peak_rss_mb"],
               r["floor_rss_mb"], "MiB", "RSS after imports and the model"
               + (" + raw vectors" if where == "embedded" else "")),
    ]
    if r.get("server_peak_rss_mb"):
        figures.append(Figure(f"Chroma server peak memory at {label}", "-",
                              r["server_peak_rss_mb"], r["chunks"] * 384 * 4 / 2**20, "MiB",
                              "raw vectors"))
    return figures


def scale_figures(base_index: Path, questions_file: Path, multiples: Sequence[int],
                  cache_dir: Path) -> list[Figure]:
    """Whole-ask p50/p95 and peak memory at each multiple of the base index, embedded and
    on a Chroma server."""
    from ingest.manifest import Manifest

    manifest = Manifest.load(base_index)
    assert manifest is not None
    base = sum(1 for _ in (manifest.generation_dir(base_index) / "chunks.jsonl").open())
    key = cache_key(base_index)
    figures: list[Figure] = []
    for multiple in multiples:
        label = f"{multiple}x ({base * multiple:,} chunks)"
        index = cache_dir / f"{key}-{multiple}x"
        env = child_env("auto", index)
        ask = [sys.executable, "-m", "evals.scale_ask", "--index", str(index),
               "--questions", str(questions_file)]
        try:
            print(f"building or reusing {index} ...", file=sys.stderr, flush=True)
            _child([sys.executable, "-m", "evals.scale_index", "--base", str(base_index),
                    "--multiple", str(multiple), "--dir", str(index)], env, BUILD_TIMEOUT)
            figures += _ask_figures(_child(ask, env, CHILD_TIMEOUT * 2), label, "embedded")
            with chroma_server(index / "chroma", index / "chroma-server.log") as (port, pid):
                served = _child([*ask, "--server", f"127.0.0.1:{port}", "--server-pid",
                                 str(pid)], env, CHILD_TIMEOUT * 2)
            figures += _ask_figures(served, label, "Chroma server")
        except (RuntimeError, subprocess.TimeoutExpired, ValueError) as exc:
            figures.append(Figure(f"scale {label}", "-", None, None, "", "", f"n/a: {exc}"))
    return figures


def budget_lines(figures: Sequence[Figure]) -> list[str]:
    """The budget at 1,000x on a Chroma server, met or not, for the end of the table."""
    lines = []
    for f in figures:
        if f.value is None or "Chroma server" not in f.name or not f.name.startswith(
                ("whole ask p95 at 1000x", "serving peak memory at 1000x")):
            continue
        budget, unit = ((ASK_P95_BUDGET_MS, "ms") if f.name.startswith("whole ask")
                        else (SERVING_RSS_BUDGET_MB, "MiB"))
        verdict = "met" if f.value <= budget else "NOT met"
        lines.append(f"budget: {f.name} {f.value:,.1f} {unit} (floor {f.floor:,.1f}) "
                     f"against {budget:,} {unit}: {verdict}")
    return lines
