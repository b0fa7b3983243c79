# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint venv demo-data serve bench frontend

# Front-end packages from npm, pinned by package-lock.json: GOV.UK Frontend (served as static
# files straight from node_modules, never copied into the repository) and axe-core (browser tests).
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

frontend: $(NODE_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP) $(NODE_STAMP)

demo-data: venv
	$(BIN)/inspectorate migrate --noinput
	$(BIN)/inspectorate load-demo

# The background worker runs beside the server; Ctrl-C stops both. DEBUG is off, as a visitor
# would see the site: the project's own 404 and 500 pages, static files served by whitenoise.
demo: export DEBUG = 0
demo: demo-data
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/inspectorate worker --no-reload & worker=$$!; \
	$(BIN)/inspectorate runserver 127.0.0.1:8000

# mypy keeps its cache outside the checkout, so that a fresh clone on the same machine does not check
# Django's stubs and every other dependency again (about nine tenths of a cold run); mypy re-checks
# whatever changed, so a cache shared by several checkouts gives the same answers.
MYPY_CACHE_DIR ?= $(HOME)/.cache/inspectorate/mypy
lint: venv
	$(BIN)/ruff check inspectorate tests bench
	MYPY_CACHE_DIR=$(MYPY_CACHE_DIR) $(BIN)/mypy inspectorate

# The suite runs in TEST_WORKERS processes (pytest-xdist; each has its own test database, live server
# and Chromium), the known-slow modules first (tests/selection.py). CI runs it on SQLite and on
# PostgreSQL at the same time, CI_WORKERS each (or CI_SQLITE_WORKERS and CI_POSTGRES_WORKERS), after
# one set-up and one lint; either failing fails the target. The PostgreSQL run takes only the tests
# that use a database (a django_db mark, a database fixture, or the `database` mark of a test whose
# subprocesses reach DATABASE_URL): a test that uses none cannot behave differently there, and the
# run prints how many it left to the SQLite run and why. The SQLite run leaves to it the tests that
# are on PostgreSQL whatever the run (the `postgresql` mark: the two-server test). docs/testing.md.
TEST_WORKERS ?= 2
CI_WORKERS   ?= 1
CI_SQLITE_WORKERS   ?= $(CI_WORKERS)
CI_POSTGRES_WORKERS ?= $(CI_WORKERS)
PYTEST_XDIST  = --dist worksteal
test: venv
	scripts/system-deps.sh
	$(MAKE) --no-print-directory lint
	@if [ "$$CI" = "true" ]; then \
	  $(BIN)/pytest -n $(CI_SQLITE_WORKERS) $(PYTEST_XDIST) --leave-to-postgresql & sqlite=$$!; \
	  scripts/with-postgres.sh $(BIN)/pytest -n $(CI_POSTGRES_WORKERS) $(PYTEST_XDIST); pg=$$?; \
	  wait $$sqlite; sqlite=$$?; \
	  echo "SQLite: exit $$sqlite; PostgreSQL: exit $$pg"; test $$sqlite -eq 0 -a $$pg -eq 0; \
	else \
	  $(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_XDIST); \
	fi

# Production: `SECRET_KEY=... make serve` (docs/operations.md). Refuses to start without a real
# SECRET_KEY; applies migrations, collects static files, then serves with gunicorn.
SERVE_BIND  ?= 127.0.0.1:8000
WEB_WORKERS ?= 4
# GOV.UK Frontend's package holds its sources beside what a browser loads: Sass, Nunjucks and HTML
# templates, component fixtures and option lists, documentation, ES modules. The site loads only the
# compiled stylesheet and script (and what they refer to, which the manifest checks), so the sources
# are not collected: compressing them was most of collectstatic's time.
STATIC_IGNORE := '*.scss' '*.njk' 'template*.html' 'fixtures.json' 'macro-options.json' '*.md' '*.mjs' '*.mjs.map'
serve: export INSPECTORATE_PRODUCTION = 1
serve: venv
	$(BIN)/inspectorate check --deploy
	$(BIN)/inspectorate migrate --noinput
	$(BIN)/inspectorate collectstatic --noinput --verbosity 0 $(addprefix --ignore ,$(STATIC_IGNORE))
	@# The background worker runs beside gunicorn; stopping one stops both (docs/operations.md).
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/inspectorate worker --no-reload & worker=$$!; \
	$(BIN)/gunicorn inspectorate.wsgi --workers $(WEB_WORKERS) --bind $(SERVE_BIND) --no-control-socket \
	  --access-logfile /dev/stderr --access-logformat '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'

bench: venv
	for b in bench/*.py; do $(BIN)/python $$b || exit 1; done
