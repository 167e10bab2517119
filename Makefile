# The documented entry points: `make run` and `make test` set up everything they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501
# Test processes: each builds its own model and fixture index once, then takes whole files.
TEST_WORKERS ?= 2

.PHONY: install run test ingest lint quality clean

# Re-install only when the project definition changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# The ONNX export (into TRADEOFFS_CACHE_DIR, default ~/.cache/tradeoffs) spares queries the
# torch start; made once, then this step only checks that it exists. Without it (or if it
# fails) sentence-transformers embeds instead, so a failure here does not stop the install.
install: $(STAMP)
	-$(BIN)/python -m ingest.embedding.export

ingest: install
	$(BIN)/tradeoffs ingest corpus

run: ingest
	$(BIN)/tradeoffs ui --port $(PORT)

test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

# Headline answer-quality figures (all, tune, held-out) of every gold set whose corpus
# is present; reports in eval-out/<set>/.
quality: install
	PYTHON=$(BIN)/python evals/quality.sh

lint: install
	$(BIN)/ruff check assistant ingest ui evals tests

clean:
	rm -rf $(VENV) .tradeoffs .pytest_cache
