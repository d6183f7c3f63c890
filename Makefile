# The two commands of the README: `make demo` and `make test`. Both build `.venv` on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO_DB := out/demo.sqlite
CT     := $(BIN)/chinatracker --db $(DEMO_DB)

.PHONY: demo test lint typecheck unit venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	rm -rf out && mkdir -p out
	$(CT) ingest demo/corpus
	@echo "--- ingesting the same corpus again adds nothing:"
	$(CT) ingest demo/corpus
	$(CT) extract
	$(CT) export aid --format jsonl -o out/aid.jsonl
	$(CT) export events --format jsonl -o out/events.jsonl
	$(CT) export entities --format jsonl -o out/entities.jsonl
	$(CT) stats

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

test: lint typecheck unit

clean:
	rm -rf $(VENV) out .mypy_cache .ruff_cache
