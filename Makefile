# The two set-up commands of the README. Each works on a fresh machine with only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck unit bench clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The main job on the embedded lab: plan audit, then the dc1 lab up, its inventory and a live
# audit (exit 0 whatever it finds: the demo shows findings, it does not judge them), lab down.
demo: $(STAMP)
	$(BIN)/optics intent check -i inventory
	$(BIN)/optics plan audit -i inventory --fail-on never
	$(BIN)/optics lab up inventory/lab.yaml --out .lab
	@status=0; \
	$(BIN)/optics inventory -i .lab || status=$$?; \
	$(BIN)/optics audit -i .lab --fail-on never --format html --output .lab/audit.html || status=$$?; \
	$(BIN)/optics audit -i .lab --fail-on never || status=$$?; \
	$(BIN)/optics lab down .lab; \
	echo "HTML report: .lab/audit.html"; \
	exit $$status

lint: $(STAMP)
	$(BIN)/ruff check plugins tests playbooks benchmarks
	$(BIN)/ruff format --check plugins tests playbooks benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

# The HTML report is checked in a real headless Chromium (Debian's package; the test skips,
# saying so, where it cannot be installed).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
	  || echo "chromium could not be installed: the HTML report test will skip"; }

unit: $(STAMP) browser
	$(BIN)/pytest -q

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_plan_audit.py
	$(BIN)/python benchmarks/bench_parse.py
	$(BIN)/python benchmarks/bench_lab_sweep.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
