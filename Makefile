# The two commands of the README: `make demo` and `make test`.
# Both create .venv if needed and install detente into it first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
SCENARIO ?= src/detente/data/scenarios/ec_car_emissions.yaml

.PHONY: demo test install install-test bench docs clean

# detente and its dependencies are installed by uv (PyPI's `uv`, a pip-compatible installer, put into the venv by
# the venv's own pip): it fetches and unpacks the ~100 packages of ".[test]" in parallel, and CI's 10-minute
# budget includes this install (fresh clone, 2 cores: pip took ~110 s, uv ~40 s). --compile-bytecode writes
# the .pyc files that pip wrote: without them every test process (xdist workers, CLI subprocesses) compiles
# numpy, pandas, scipy... from source at each import, ~10 s a process.
UV_INSTALL = $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(BIN)/uv: | $(BIN)/python
	$(BIN)/python -m pip install --quiet "uv>=0.4"

$(VENV)/.installed: pyproject.toml | $(BIN)/uv
	$(UV_INSTALL) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/uv
	$(UV_INSTALL) -e ".[test]"
	@# the web app's browser tests drive Debian's chromium (Playwright's own browser download cannot work here)
	command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
		|| echo "could not install chromium with apt-get: the browser tests will be skipped"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## demo: install detente and forecast a shipped scenario with every model
demo: install
	$(BIN)/detente forecast $(SCENARIO) --model all

## test: install detente with its test tools and run the whole suite
## (pytest's exit 5, "no tests collected", counts as a failure)
test: install-test
	@$(BIN)/python -m pytest -n 2 -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "no tests were collected: failing"; exit 1; fi; exit $$rc

## bench: run the benchmarks and rewrite benchmarks/RESULTS.md
bench: install-test
	$(BIN)/python benchmarks/run.py

docs: | $(BIN)/uv
	$(UV_INSTALL) -e ".[docs]"
	$(BIN)/mkdocs build --strict

clean:
	rm -rf $(VENV) build dist site .pytest_cache .hypothesis
