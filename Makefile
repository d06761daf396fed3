# The two commands of the README: `make serve` and `make test`. Both create .venv if missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: serve test lint typecheck pytest index eval bench bench-quick clean browser servers ocr office

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Stamp files: reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

index: $(VENV)/.installed
	$(BIN)/python -m indexer build

serve: index
	$(BIN)/uvicorn qa_service.app:create_app --factory --host $(HOST) --port $(PORT) --no-access-log  # the app writes its own JSON access log

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check $(wildcard qa_service indexer eval bench tests)

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy qa_service indexer

# The browser tests drive Debian's chromium (Playwright's own browser download cannot work here).
# Idempotent: nothing to do once /usr/bin/chromium exists. Needs root (or sudo) the first time.
CHROMIUM := /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

browser: $(CHROMIUM)

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# The shared-state and two-replica tests run Debian's redis-server and nginx (started and stopped
# by the tests themselves, on free loopback ports). Idempotent like `browser`.
REDIS_SERVER := /usr/bin/redis-server
NGINX := /usr/sbin/nginx

servers: $(REDIS_SERVER) $(NGINX)

$(REDIS_SERVER) $(NGINX):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server nginx


# OCR of scanned PDFs is tested with Debian's Tesseract; the service itself runs without it.
TESSERACT := /usr/bin/tesseract

ocr: $(TESSERACT)

$(TESSERACT):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr

# A Word file is converted to PDF by LibreOffice in the loader tests (and the ingestion bench's
# PDFs are made so); hyphen-en-us lets it hyphenate as Word does. Idempotent like `browser`.
SOFFICE := /usr/bin/soffice

office: $(SOFFICE)

$(SOFFICE):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui hyphen-en-us

# QA_TEST_OFFICE: the office target ran, so a missing soffice fails its test instead of skipping it.
pytest: $(VENV)/.installed-dev browser servers ocr office
	QA_TEST_OFFICE=1 $(BIN)/python -m pytest -q -ra $(PYTEST_ARGS)

test: lint typecheck pytest

eval: $(VENV)/.installed
	$(BIN)/python -m eval

# The benchmark has its own environment: txtai (the peer it is compared with) must never be a
# dependency of the service. torch is installed first so that nothing replaces the pinned CPU build.
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet torch==2.13.0
	$(BENCH_VENV)/bin/pip install --quiet -e '.[bench]'
	touch $@

bench: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python -m bench $(BENCH_ARGS)

bench-quick: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python -m bench --quick $(BENCH_ARGS)

clean:
	rm -rf index var .pytest_cache .mypy_cache .ruff_cache
