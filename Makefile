# Every target creates or reuses .venv; `make demo` and `make test` are all a fresh clone needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_DIR := demo-output

.PHONY: demo test test-fast lint train bench system-deps clean

# setup.py compiles the extraction modules (mypyc): editing one of them means building again.
$(STAMP): pyproject.toml setup.py $(wildcard miner/extract/*.py miner/extract/*/*.py miner/extract/*/*/*.py)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,dask]'
	touch $(STAMP)

system-deps:
	bash scripts/system-deps.sh

## demo: ingest the bundled corpus, extract, compare generated pairs, export and report
demo: $(STAMP) system-deps
	bash scripts/demo.sh $(PY) $(DEMO_DIR)

## test: the whole suite (fast and slow tests)
test: $(STAMP) system-deps
	$(PY) -m pytest -n 2 -q

## test-fast: the edit-test loop, without the tests marked slow (under a minute on a quiet machine)
test-fast: $(STAMP)
	$(PY) -m pytest -n 2 -q -m "not slow"

lint: $(STAMP)
	$(VENV)/bin/ruff check miner tests benchmarks
	$(VENV)/bin/mypy

train: $(STAMP)
	$(VENV)/bin/miner train
	$(VENV)/bin/miner train --pairs corpora/pairs

bench: $(STAMP)
	$(PY) benchmarks/ingest_bench.py
	$(PY) benchmarks/extract_bench.py
	$(PY) benchmarks/scale_bench.py --n 2000 --workers 2
	$(PY) benchmarks/pdf_bench.py

clean:
	rm -rf $(DEMO_DIR) miner.db
