# Tsunagu: the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PACKAGE ?= packages/kumamoto-2021
PYTEST_ARGS ?=

.PHONY: run test setup lint security bench loadtest clean system-packages-run system-packages-test \
	system-packages-load

# The Debian packages (scripts/debian-packages.txt, shared with .ci/run): installed when missing
# and this user may (root or passwordless sudo); otherwise one line says which and how.
system-packages-run:
	@scripts/ensure-debian-packages run

system-packages-test:
	@scripts/ensure-debian-packages test

system-packages-load:
	@scripts/ensure-debian-packages load

$(VENV)/.installed: requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

setup: $(VENV)/.installed

## run: install the Debian packages the app needs (when allowed), set up, migrate the SQLite
## database under var/, load Kumamoto's plan into a fresh database (load_plan never overwrites
## data that is there; reload_plan does, after showing the changes), create the demo records
## never created before, and serve on 127.0.0.1:$(PORT) with the background jobs' worker beside.
run: system-packages-run setup
	$(PY) manage.py migrate --noinput && $(PY) manage.py createcachetable
	$(PY) manage.py load_plan $(PACKAGE)
	$(PY) manage.py seed_demo
	@# The background jobs' worker (docs/jobs.md) runs beside the web server and stops with it.
	$(PY) manage.py jobs_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## security: bandit over our code (fails on a high-severity finding; config in pyproject.toml)
## and pip-audit of both lock files (fails on a known vulnerability; offline, it says so and
## passes). See docs/security.md.
security: setup
	$(VENV)/bin/bandit -c pyproject.toml -r . -q --severity-level high
	$(PY) scripts/audit-locks requirements.lock requirements-dev.lock

## test: install the Debian packages the tests need (when allowed), set up, lint, check for
## security findings, install the HTML checker (vnu.jar, once; docs/testing.md) and run the
## whole suite (browser tests included). STATIC_CHECKS= skips the lint and the security scan
## (.ci/run's second run, on PostgreSQL: they do not depend on the database and ran in the first).
STATIC_CHECKS ?= lint security
test: system-packages-test setup $(STATIC_CHECKS)
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	@scripts/ensure-vnu
	$(PY) -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

## bench: time the plan pages, the PDCA pages, the compiled report, the directory, the job
## board, matching, the job magazine's PDF, support coordination's pages and API, the public
## campaign events page and the safety-net home search and listing at N=1
## and N=1,741 on PostgreSQL (see docs/benchmarks.md).
bench: setup
	$(PY) bench/run.py
	$(PY) bench/pdca.py
	$(PY) bench/directory.py
	$(PY) bench/hsds_export.py
	$(PY) bench/employment.py
	$(PY) bench/coordination.py
	$(PY) bench/campaigns.py
	$(PY) bench/housing.py

## loadtest: 50 simulated users for 5 minutes (LOAD_USERS, LOAD_TIME) on the public portal, the
## job board, departments writing reports and the secretariat's dashboard, against two gunicorn
## processes behind PgBouncer (transaction pooling) on PostgreSQL; fails on any error; p50/p95
## per page in bench/results/loadtest.csv (see docs/loadtest.md).
loadtest: system-packages-load setup
	bench/load/run

clean:
	rm -rf $(VENV) var/*.sqlite3* .pytest_cache
