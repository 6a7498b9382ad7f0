# cognito-lint — the two commands: `make demo` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-stamp
DEMO_OUT ?= reports/demo

.PHONY: demo test lint chromium install clean golden rules-docs sample-snapshot bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## make demo: the whole pipeline against a built-in mocked account; reports in reports/demo/
demo: $(STAMP)
	$(BIN)/cognito-lint demo -o $(DEMO_OUT)

## make test: the whole test suite (installs Debian's chromium for the browser test when root)
test: $(STAMP) chromium
	$(BIN)/python -m pytest -n 2 -q

## make lint: ruff and mypy
lint: $(STAMP)
	$(BIN)/ruff check linter tests
	$(BIN)/mypy

chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing Debian's chromium for the browser test"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); \
	else echo "note: /usr/bin/chromium is missing; install Debian's 'chromium' package for the browser test"; fi

## regenerate committed artefacts
golden: $(STAMP)
	$(BIN)/python -m pytest tests/report -q --update-golden

rules-docs: $(STAMP)
	$(BIN)/cognito-lint rules docs -o docs/rules.md

sample-snapshot: $(STAMP)
	$(BIN)/cognito-lint demo --snapshot-only -o sample_configs/demo

bench: $(STAMP)
	$(BIN)/python tests/benchmarks/bench_check.py
	$(BIN)/python tests/benchmarks/bench_floor.py --pools 10000

clean:
	rm -rf $(VENV) reports/demo build dist .pytest_cache .ruff_cache .mypy_cache
