"""With the ONNX export in place, answering a question loads no torch, transformers,
sentence-transformers or LangChain: that is what makes a one-shot `ask` start fast."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ingest.settings import Settings

# Top-level package prefixes: "langchain" also covers langchain_core and its siblings.
HEAVY = ("torch", "transformers", "sentence_transformers", "langchain")

# Runs in a fresh interpreter: `tradeoffs ask --json`, then one `retrieve`, then a report
# of the backend and of every heavy top-level package that got imported.
PROBE = """
import json, sys
from ui.cli.main import main
code = main(["ask", sys.argv[1], "--json"])
from assistant import Assistant, Settings
assistant = Assistant.open(settings=Settings.from_env())
passages = assistant.retrieve(sys.argv[1], k=3)
heavy = sorted({m.split(".")[0] for m in sys.modules
                if m.split(".")[0].startswith(tuple(json.loads(sys.argv[2])))})
print(json.dumps({"code": code, "backend": assistant.retriever.embedder.backend,
                  "top_file": passages[0].file, "heavy": heavy}))
"""


def test_ask_and_retrieve_with_the_onnx_backend_import_nothing_heavy(built_index: Settings,
                                                                     onnx_cache: Path,
                                                                     tmp_path: Path):
    env = {**os.environ, "TRADEOFFS_INDEX_DIR": str(built_index.index_dir),
           "TRADEOFFS_CACHE_DIR": str(onnx_cache), "TRADEOFFS_EMBEDDER": "auto"}
    result = subprocess.run([sys.executable, "-c", PROBE, "What does a p5.48xlarge carry?",
                             json.dumps(HEAVY)],
                            capture_output=True, text=True, timeout=180, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    *answer_lines, report_line = result.stdout.strip().splitlines()
    answer = json.loads("\n".join(answer_lines))
    report = json.loads(report_line)
    assert report["code"] == 0
    assert report["backend"] == "onnx"
    assert answer["citations"][0]["file"] == "accelerated-instances.md"
    assert report["top_file"] == "accelerated-instances.md"
    assert report["heavy"] == [], f"imported on the ask path: {report['heavy']}"
    assert result.stderr == ""  # no fallback notice
