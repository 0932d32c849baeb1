# planwatch: `make run` serves the demo, `make test` runs every check. Both set everything up first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
PG_PORT ?= 54329
PG_URL := postgres://postgres@127.0.0.1:$(PG_PORT)/planwatch

export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1

.PHONY: help install run test lint test-sqlite test-postgres score bench clean

help:
	@echo "make run    set up, prepare the database with the catalogue and demo figures, serve http://127.0.0.1:8000"
	@echo "make test   set up (system packages included) and run every check and test"
	@echo "make score  extraction accuracy against the gold annotation"
	@echo "make bench  benchmarks (results in bench/README.md)"

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python python3.11
	@touch $@

install: $(VENV)/.synced

run: install
	$(BIN)/planwatch init
	$(BIN)/planwatch demo
	@echo "Demo logins: none yet — this first page is read-only and served to this machine only (127.0.0.1)."
	$(BIN)/planwatch serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/mypy
	$(BIN)/lint-imports

test-sqlite: install
	$(BIN)/pytest -q -p no:cacheprovider

test-postgres: install
	bash scripts/system-packages.sh postgresql
	bash scripts/postgres.sh start $(PG_PORT)
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -p no:cacheprovider -m django_db

test: lint test-sqlite test-postgres

score: install
	$(BIN)/python -m planwatch.extraction.scoring

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache
