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

.PHONY: help install run test lint system-packages test-sqlite test-fuzz test-browser test-postgres score bench clean

help:
	@echo "make run    set up (PDF packages included), prepare the database with the catalogue and demo figures, serve http://127.0.0.1:8000"
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

run: install system-packages
	$(BIN)/planwatch init
	$(BIN)/planwatch demo
	$(BIN)/planwatch serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/mypy
	$(BIN)/lint-imports

# Reports convert docx to PDF with LibreOffice and tests read it back with poppler (pdftotext, pdffonts,
# pdftoppm). fonts-liberation2 (Liberation Serif 2.1: metric-compatible with Times New Roman, with every
# Vietnamese letter) is the report's one font family where Times New Roman is not installed; Debian's
# fonts-liberation 1.07 lacks letters such as ầ and ờ, which then come from DejaVu (reporting/fonts.py).
# `make run` and `make test` both install them; only what is missing.
system-packages:
	bash scripts/system-packages.sh libreoffice-writer-nogui fonts-liberation2 poppler-utils

test-sqlite: install system-packages
	$(BIN)/pytest -q -p no:cacheprovider -m "not browser"

# Slow stage: a real server and Debian's Chromium driven by Playwright (no browser download); screenshots
# go to test-artifacts/browser/.
test-browser: install
	bash scripts/system-packages.sh chromium
	$(BIN)/pytest -q -p no:cacheprovider -m browser

test-postgres: install system-packages
	bash scripts/system-packages.sh postgresql
	bash scripts/postgres.sh start $(PG_PORT)
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -p no:cacheprovider -m django_db

# Fuzzing: the number parser and the CSV/XLSX/JSON row pipeline under many generated inputs (the tests
# marked fuzz; the SQLite stage runs them with Hypothesis's usual 100 examples).
test-fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q -p no:cacheprovider -m fuzz

test: lint test-sqlite test-fuzz test-browser test-postgres

score: install
	$(BIN)/python -m planwatch.extraction.scoring

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache
