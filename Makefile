# storyweave task runner. `make help` lists the targets. Every target bootstraps .venv itself.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# The stamp is rebuilt whenever pyproject.toml changes, so a new dependency is installed by the next `make`.
STAMP := $(VENV)/.installed
EXTRAS := dev,e5,names,web,postgres,ray

.PHONY: help demo test lint format bench reliability browser serve clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	touch $(STAMP)

demo: $(STAMP) ## set up, then ingest the bundled sample corpus and show what was read
	rm -f storyweave-demo.db storyweave-demo.db-wal storyweave-demo.db-shm
	$(BIN)/storyweave demo --db storyweave-demo.db

test: $(STAMP) ## set up (Debian's chromium and postgresql for their tests), then run the whole test suite
	sh scripts/install-browser.sh || echo "chromium not installed: the browser tests will be skipped"
	sh scripts/with-postgres.sh $(BIN)/python -m pytest

lint: $(STAMP) ## ruff, ruff format --check, mypy
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: $(STAMP) ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

bench: $(STAMP) ## run the benchmarks (needs ../shared/bench) and check the pinned floors
	$(BIN)/python benchmarks/run_all.py

reliability: $(STAMP) ## kill -9 loop, bad-input matrix, concurrency (CI form; nightly: without --trials, 20 each)
	$(BIN)/python benchmarks/reliability.py --trials 3

browser: $(STAMP) ## install chromium if missing, run only the browser tests (screenshots in test-artifacts/)
	sh scripts/install-browser.sh
	$(BIN)/python -m pytest tests/browser -m browser

serve: $(STAMP) ## serve the demo store (run `make demo` first) at http://127.0.0.1:8000
	$(BIN)/storyweave serve --db storyweave-demo.db

clean: ## remove the venv and build leftovers
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
