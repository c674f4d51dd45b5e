# innograph: `make run` sets everything up and serves the dashboard; `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: run test setup db-start db-stop bench

run: setup
	$(BIN)/innograph db start
	$(BIN)/innograph load demo
	$(BIN)/innograph serve

test: setup
	$(BIN)/python -m pytest

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/setup.sh
	PYTHON=$(PYTHON) VENV=$(VENV) bash scripts/setup.sh
	touch $(STAMP)

db-start: setup
	$(BIN)/innograph db start

db-stop: setup
	$(BIN)/innograph db stop

bench: setup
	$(BIN)/python bench/run.py --quick
