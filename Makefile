# Houqin — the two set-up commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo test bench lint format messages install browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

## Create the environment, load the demo compound and serve it on http://127.0.0.1:$(PORT)
demo: $(STAMP)
	$(BIN)/houqin demo --port $(PORT)

## Install what the tests need (chromium, CJK fonts) and run the whole suite
test: $(STAMP) browser-deps
	$(BIN)/ruff check houqin scripts
	$(BIN)/houqin makemigrations --check --dry-run >/dev/null
	$(BIN)/pytest $(PYTEST_ARGS)

browser-deps:
	@command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || \
	  { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "chromium and fonts-noto-cjk are needed for the browser tests (apt-get install)"; fi; }

## Benchmark at the scale of SPEC §5 (1,000,000 visitor registrations)
bench: $(STAMP)
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m houqin.bench $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check houqin scripts
	$(BIN)/ruff format --check houqin

format: $(STAMP)
	$(BIN)/ruff format houqin
	$(BIN)/ruff check --fix houqin

## Extract translatable strings into the zh_Hans catalogue and compile it
messages: $(STAMP)
	cd houqin && ../$(BIN)/houqin makemessages -l zh_Hans --no-obsolete --no-location \
	  --ignore "static/*" --ignore "*/tests/*"
	cd houqin && ../$(BIN)/houqin compilemessages -l zh_Hans

clean:
	rm -rf $(VENV) var
