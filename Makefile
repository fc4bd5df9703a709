# The two set-up commands of the README. Each works on a fresh machine with only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/optics intent check -i inventory
	$(BIN)/optics plan audit -i inventory --fail-on never

lint: $(STAMP)
	$(BIN)/ruff check plugins tests playbooks benchmarks
	$(BIN)/ruff format --check plugins tests playbooks benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_plan_audit.py
	$(BIN)/python benchmarks/bench_parse.py
	$(BIN)/python benchmarks/bench_lab_sweep.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
