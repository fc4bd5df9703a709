# The two set-up commands of the README. Each works on a fresh machine with only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
# pytest workers for the full suite: the lab tests mostly wait on sessions, so more workers
# than cores pays off; override with `make test WORKERS=1`.
WORKERS ?= 4
# bench_fleet.py options: the full run (1,000 leaves at 50 ms, 3,000 and 10,000 devices) takes
# about half an hour on 2 cores; `make bench FLEET_BENCH=--quick` runs it at 100 leaves.
FLEET_BENCH ?=

.PHONY: demo test lint typecheck unit labtests bench clean browser postgres promtool redis celery-up celery-down nautobot-up nautobot-down nautobottests

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# What `make demo` needs: the package and its lab.
$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	touch $(RUN_STAMP)

# What `make test` needs on top: the dev tools (pyproject [dependency-groups] dev).
$(DEV_STAMP): $(RUN_STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[lab]' --group dev
	touch $(DEV_STAMP)

# The whole story on the embedded dc1 lab: lab up, audit, remediation dry run (plans and the
# devices' diffs), remediation with --commit (confirm, verify, roll back if needed), audit again
# (the config findings gone, work orders left), lab down; then the same on the 800G lab
# (inventory/lab800.yaml: audit, remediation with --commit, audit again). Exits 0 when the story ran, whatever
# it found (--fail-on never); the lab is stopped even when a step fails.
demo: $(RUN_STAMP)
	$(BIN)/optics plan audit -i inventory --fail-on never
	$(BIN)/optics lab up inventory/lab.yaml --out .lab
	@status=0; \
	echo "== audit of the lab"; \
	$(BIN)/optics audit -i .lab --fail-on never || status=$$?; \
	echo "== remediation, dry run"; \
	$(BIN)/optics remediate -i .lab --settle 1 --log-dir .lab/changes || status=$$?; \
	echo "== remediation, commit"; \
	$(BIN)/optics remediate -i .lab --commit --settle 1 --log-dir .lab/changes || status=$$?; \
	echo "== audit after the remediation"; \
	$(BIN)/optics audit -i .lab --fail-on never --format html --output .lab/audit.html || status=$$?; \
	$(BIN)/optics audit -i .lab --fail-on never || status=$$?; \
	$(BIN)/optics lab down .lab; \
	echo "HTML report: .lab/audit.html, change log: .lab/changes/changes.jsonl"; \
	echo "== the 800G lab (inventory/lab800.yaml): OSFP and QSFP-DD800 switches, 2xDR4 and DR8"; \
	$(BIN)/optics lab up inventory/lab800.yaml --out .lab800 || status=$$?; \
	$(BIN)/optics audit -i .lab800 --fail-on never || status=$$?; \
	$(BIN)/optics remediate -i .lab800 --commit --settle 1 --log-dir .lab800/changes || status=$$?; \
	echo "== the 800G lab after the remediation"; \
	$(BIN)/optics audit -i .lab800 --fail-on never || status=$$?; \
	$(BIN)/optics lab down .lab800; \
	exit $$status

lint: $(DEV_STAMP)
	$(BIN)/ruff check plugins tests playbooks benchmarks tools
	$(BIN)/ruff format --check plugins tests playbooks benchmarks tools
	$(BIN)/codespell plugins tests docs playbooks benchmarks tools inventory README.md CHANGELOG.md

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

# The HTML report is checked in a real headless Chromium (Debian's package; the test skips,
# saying so, where it cannot be installed).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
	  || echo "chromium could not be installed: the HTML report test will skip"; }

# The history store's tests run on a real PostgreSQL server that they start and stop
# themselves (initdb + pg_ctl from Debian's package; they skip, saying so, without it).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1 \
	  || echo "postgresql could not be installed: the PostgreSQL history tests will skip"; }

# promtool (Debian's prometheus package) checks the alert rules and the exposition output.
promtool:
	@command -v promtool >/dev/null 2>&1 || { \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus) >/dev/null 2>&1 \
	  || echo "prometheus (promtool) could not be installed: the promtool checks will skip"; }

# The Celery shard engine (optics audit --engine celery) runs on Debian's redis-server as broker
# and result backend; its tests start their own (they skip, saying so, without it).
redis:
	@command -v redis-server >/dev/null 2>&1 || { \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >/dev/null 2>&1 \
	  || echo "redis-server could not be installed: the Celery engine tests will skip"; }

# A redis-server on a free port of 127.0.0.1 (data in .celery/) and CELERY_WORKERS Celery
# workers of one process each, consuming the queue optics; the broker URL is in .celery/run.json,
# where optics audit --engine celery finds it. Workers inherit this environment (credentials).
CELERY_WORKERS ?= 2
celery-up: $(DEV_STAMP) redis
	$(BIN)/python tools/celery_fleet.py up --workers $(CELERY_WORKERS)

celery-down:
	$(PYTHON) tools/celery_fleet.py down

# A real Nautobot (its own venv in .nautobot/venv, PostgreSQL and Redis on free ports of
# 127.0.0.1; tools/nautobot_server.py says how). The first start installs Nautobot (about 30 s)
# and builds its database schema from Nautobot's models (about 10 s; OPTICS_NAUTOBOT_MIGRATIONS=1
# runs the migrations instead, about 3 minutes on 2 cores), and caches the cluster under
# .nautobot/cache/ keyed by the Nautobot version; later starts take seconds. URL and API token:
# .nautobot/default/run.json. The tests start their own instance (OPTICS_NAUTOBOT_INSTANCE=tests).
NAUTOBOT_SPEC ?= nautobot==3.2.7
nautobot-up:
	NAUTOBOT_SPEC='$(NAUTOBOT_SPEC)' $(PYTHON) tools/nautobot_server.py up

nautobot-down:
	$(PYTHON) tools/nautobot_server.py down

# The fast tier: every test that does not serve a lab (parsers, checks, catalogue, CLI, lab
# renderers in-process). Under a minute.
unit: $(DEV_STAMP)
	$(BIN)/pytest -q -m "not lab and not nautobot" -n 2

# Only the tests that serve a lab (real SSH, eAPI, NETCONF against simulated switches).
labtests: $(DEV_STAMP) browser postgres promtool redis
	$(BIN)/pytest -q -m "lab and not nautobot" -n $(WORKERS) --dist loadfile

# The Nautobot tests alone (they start Nautobot through make nautobot-up, and stop it).
nautobottests: $(DEV_STAMP)
	$(BIN)/pytest -q -m nautobot

test: lint typecheck browser postgres promtool redis
	$(BIN)/pytest -q -n $(WORKERS) --dist loadfile

bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/bench_plan_audit.py
	$(BIN)/python benchmarks/bench_intent_load.py
	$(BIN)/python benchmarks/bench_parse.py
	$(BIN)/python benchmarks/bench_lab_sweep.py
	$(BIN)/python benchmarks/bench_history.py
	$(BIN)/python benchmarks/bench_fleet.py $(FLEET_BENCH)

clean:
	$(PYTHON) tools/celery_fleet.py down
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
	$(PYTHON) tools/nautobot_server.py down
