# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_ADMIN_USER ?= admin
DEMO_ADMIN_PASSWORD ?= icssi-demo
# The demo's port: its site, and so its absolute links (canonical, language switcher), use it.
DEMO_PORT ?= 8000
DEMO_MANAGE := cd demo && ../$(BIN)/python manage.py

# Other environments for CI (see "Testing against other databases and versions" in README.md).
PYENV_ROOT_DIR := $(shell pyenv root 2>/dev/null)
# Lowest supported Python (requires-python) and latest supported Python; override on the command line.
PYTHON_LOWEST ?= $(firstword $(wildcard $(PYENV_ROOT_DIR)/versions/3.11.*/bin/python) $(shell command -v python3.11 2>/dev/null))
PYTHON_LATEST ?= $(firstword $(wildcard $(PYENV_ROOT_DIR)/versions/3.13.*/bin/python) $(shell command -v python3.13 2>/dev/null))
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/icssi
# make test-postgres also uses Redis as the cache, as a production site would. The suite empties
# that Redis database before every test: a variable of its own, never a site's REDIS_URL.
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1
MARIADB_URL ?= mysql://root@127.0.0.1:3306/icssi
# The default environment (make demo, make test): Wagtail 7.4 LTS and Django 5.2.
DEFAULT_PINS ?= "wagtail>=7.4,<7.5" "django>=5.2,<5.3"
LATEST_PINS ?= "wagtail>=8.0,<9" "django>=6.1,<6.2"
WHEEL_PINS ?= "wagtail>=7.4,<7.5" "django>=5.2,<5.3"
# Extras installed with the test dependencies: the optional integrations (GraphQL, headless
# preview) are tested in .venv, .venv-latest and .venv-lowest; .venv-wheel runs without them,
# where their tests skip and a test checks the app works without them.
EXTRAS ?= testing,graphql,preview
# .venv-latest also installs the fuzz extra (schemathesis against Wagtail 8's API v3).
LATEST_EXTRAS ?= $(EXTRAS),fuzz
# Extras whose lowest versions .venv-lowest pins too (each ">=X" as "==X").
LOWEST_EXTRAS ?= graphql preview
MIGRATIONS_CHECK := PYTHONPATH=. DJANGO_SETTINGS_MODULE=tests.settings
PIP_QUIET := --quiet --disable-pip-version-check
MESSAGE_LANGUAGES ?= ar ckb fr it

.PHONY: help venv demo demo-setup test check lint format messages clean \
	test-postgres test-mariadb test-latest test-lowest test-wheel test-foreign versions reliability load

help:
	@echo "make demo   - create .venv, install, migrate, load the demo content and serve on 127.0.0.1:8000"
	@echo "make test   - create .venv, install and run the whole test suite"
	@echo "make check  - ruff and makemigrations --check"
	@echo "make messages - update the ar, ckb, fr, it catalogues from the code and compile them"
	@echo "make test-postgres / test-mariadb - the suite on PostgreSQL / MariaDB (POSTGRES_URL, MARIADB_URL)"
	@echo "make test-latest - Python 3.13, Wagtail 8, Django 6.1 in .venv-latest, plus makemigrations --check"
	@echo "make test-lowest - Python 3.11 and the lowest declared dependency versions in .venv-lowest"
	@echo "make docs-screenshots - run the editorial flow in Chromium and save its screenshots into docs/images/"
	@echo "make test-wheel  - build the wheel, install it in a clean .venv-wheel, run tests/ against it"
	@echo "make test-foreign - build the wheel, install it in a clean .venv-foreign, run the foreign site's tests (foreign_site/)"
	@echo "make bench  - the benchmark against stock Wagtail (docs/performance.md); BENCH_SIZES=200,1000 for a quick run, DATABASE_URL=postgres://postgres@127.0.0.1:5432/icssi_bench for PostgreSQL"
	@echo "make reliability - load and fault run on a private PostgreSQL cluster (RELIABILITY_SECONDS=60)"
	@echo "make load   - our listing and API against stock Wagtail under load, gunicorn on PostgreSQL (docs/scaling.md); LOAD_SECONDS=3 LOAD_SIZE=200 for a quick run, LOAD_REDIS_URL=redis://127.0.0.1:6379/5 for Redis"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --upgrade -e ".[$(EXTRAS),lint,reliability]" $(DEFAULT_PINS)
	touch $(STAMP)

venv: $(STAMP)

demo-setup: $(STAMP)
	$(DEMO_MANAGE) migrate --noinput
	$(DEMO_MANAGE) load_icssi_demo
	$(DEMO_MANAGE) prepare_demo --username $(DEMO_ADMIN_USER) --password $(DEMO_ADMIN_PASSWORD) \
		--port $(DEMO_PORT)

demo: demo-setup
	@echo ""
	@echo "  Site:   http://127.0.0.1:$(DEMO_PORT)/"
	@echo "  Admin:  http://127.0.0.1:$(DEMO_PORT)/admin/  (login: $(DEMO_ADMIN_USER) / $(DEMO_ADMIN_PASSWORD))"
	@echo "  API:    http://127.0.0.1:$(DEMO_PORT)/api/v2/activities/?theme=water"
	@echo ""
	$(DEMO_MANAGE) runserver 127.0.0.1:$(DEMO_PORT)

test: $(STAMP)
	@$(MAKE) --no-print-directory versions VERSIONS_PYTHON=$(BIN)/python
	$(BIN)/python -m pytest

# Before a run on a database server: fail loudly (not skip) when the server cannot be reached,
# and drop the test databases (test_icssi_<venv>_<pid>, see tests/settings.py) that runs on this
# machine left behind when they died before their teardown.
define DB_READY_PY
import os, re, sys
import dj_database_url
url = sys.argv[1]
mysql = url.startswith(("mysql:", "mysql2:", "mariadb:"))
db = dj_database_url.parse("mysql:" + url.split(":", 1)[1] if mysql else url)
host = db["HOST"] or "localhost"
try:
    if mysql:
        import pymysql
        conn = pymysql.connect(host=host, port=int(db["PORT"] or 3306), user=db["USER"],
                               password=db["PASSWORD"] or "", connect_timeout=10, autocommit=True)
        listing, quote = "SHOW DATABASES", "`"
    else:
        import psycopg
        conn = psycopg.connect(host=host, port=db["PORT"] or 5432, user=db["USER"],
                               password=db["PASSWORD"] or None, dbname="postgres",
                               connect_timeout=10, autocommit=True)
        listing, quote = "SELECT datname FROM pg_database", '"'
except Exception as exc:
    sys.exit(f"ERROR: the database server at {url} cannot be reached: {exc}")
cursor = conn.cursor()
if host in ("localhost", "127.0.0.1", "::1"):
    cursor.execute(listing)
    for (name,) in cursor.fetchall():
        match = re.fullmatch(r"test_icssi_\w+?_(\d+)(_gw\d+)?", name)
        if not match:
            continue
        try:
            os.kill(int(match[1]), 0)
        except ProcessLookupError:
            cursor.execute(f"DROP DATABASE {quote}{name}{quote}")
            print("dropped the stale test database", name)
        except PermissionError:
            pass
cursor.execute("SELECT version()")
print("database:", cursor.fetchone()[0].split(",")[0])
conn.close()
endef
export DB_READY_PY

test-postgres: $(STAMP)
	@$(BIN)/python -c "$$DB_READY_PY" "$(POSTGRES_URL)"
	@$(BIN)/python -c "import redis, sys; redis.Redis.from_url(sys.argv[1]).ping()" "$(TEST_REDIS_URL)" \
		|| { echo "ERROR: no Redis at $(TEST_REDIS_URL) (set TEST_REDIS_URL)" >&2; exit 1; }
	@$(MAKE) --no-print-directory versions VERSIONS_PYTHON=$(BIN)/python
	DATABASE_URL="$(POSTGRES_URL)" ICSSI_TEST_REDIS_URL="$(TEST_REDIS_URL)" $(BIN)/python -m pytest -m "not browser"

test-mariadb: $(STAMP)
	@$(BIN)/python -c "$$DB_READY_PY" "$(MARIADB_URL)"
	@$(MAKE) --no-print-directory versions VERSIONS_PYTHON=$(BIN)/python
	DATABASE_URL="$(MARIADB_URL)" $(BIN)/python -m pytest -m "not browser"

# Python 3.13 with the newest supported Wagtail and Django.
.venv-latest/.installed: pyproject.toml
	@test -n "$(PYTHON_LATEST)" || { echo "ERROR: no Python 3.13 found (pyenv or python3.13); set PYTHON_LATEST=/path/to/python3.13" >&2; exit 1; }
	test -x .venv-latest/bin/python || $(PYTHON_LATEST) -m venv .venv-latest
	echo '*' > .venv-latest/.gitignore
	.venv-latest/bin/python -m pip install $(PIP_QUIET) --upgrade pip
	.venv-latest/bin/python -m pip install $(PIP_QUIET) --upgrade -e ".[$(LATEST_EXTRAS)]" $(LATEST_PINS)
	touch $@

test-latest: .venv-latest/.installed
	@$(MAKE) --no-print-directory versions VERSIONS_PYTHON=.venv-latest/bin/python
	$(MIGRATIONS_CHECK) .venv-latest/bin/django-admin makemigrations --check --dry-run icssi_wagtail
	.venv-latest/bin/python -m pytest

# Python 3.11 with exactly the lowest versions pyproject.toml declares (">=X" installed as "==X")
# for its dependencies and the LOWEST_EXTRAS; the testing extra's tools are not pinned.
.venv-lowest/.installed: pyproject.toml
	@test -n "$(PYTHON_LOWEST)" || { echo "ERROR: no Python 3.11 found (pyenv or python3.11); set PYTHON_LOWEST=/path/to/python3.11" >&2; exit 1; }
	rm -rf .venv-lowest
	$(PYTHON_LOWEST) -m venv .venv-lowest
	echo '*' > .venv-lowest/.gitignore
	.venv-lowest/bin/python -m pip install $(PIP_QUIET) --upgrade pip
	.venv-lowest/bin/python -c "import re, sys, tomllib; \
	project = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
	deps = project['dependencies'] + [d for e in sys.argv[1:] for d in project['optional-dependencies'][e]]; \
	print('\n'.join(re.sub(r'\s*>=\s*([^,;\s]+).*', r'==\1', d) for d in deps))" $(LOWEST_EXTRAS) > .venv-lowest/constraints.txt
	@echo "lowest declared versions:" $$(cat .venv-lowest/constraints.txt)
	.venv-lowest/bin/python -m pip install $(PIP_QUIET) -c .venv-lowest/constraints.txt -e ".[$(EXTRAS)]" \
	|| { .venv-lowest/bin/python -m pip install --dry-run -c .venv-lowest/constraints.txt -e ".[$(EXTRAS)]" 2>&1 \
		| grep -A6 "conflict is caused by"; exit 1; }
	touch $@

test-lowest: .venv-lowest/.installed
	@$(MAKE) --no-print-directory versions VERSIONS_PYTHON=.venv-lowest/bin/python
	$(MIGRATIONS_CHECK) .venv-lowest/bin/django-admin makemigrations --check --dry-run icssi_wagtail
	.venv-lowest/bin/python -m pytest

# Build the wheel (from a copy of the working tree, which stays untouched), install it (not
# editable) with the testing extra in a new .venv-wheel, and run a copy of tests/ in a temporary
# directory, where only the installed package can be imported.
# This environment also pins the Wagtail 7.4 LTS and Django 5.2 series (WHEEL_PINS).
test-wheel:
	@set -eu; \
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	echo "+ building the wheel"; \
	rm -rf .venv-wheel; $(PYTHON) -m venv .venv-wheel; echo '*' > .venv-wheel/.gitignore; \
	.venv-wheel/bin/python -m pip install $(PIP_QUIET) --upgrade pip; \
	mkdir "$$tmp/src"; \
	tar -c --exclude=./.git --exclude='./.venv*' --exclude=./build --exclude=./dist \
		--exclude='*.egg-info' --exclude=__pycache__ --exclude=./demo --exclude=./tests . \
		| tar -x -C "$$tmp/src"; \
	.venv-wheel/bin/python -m pip wheel $(PIP_QUIET) --no-deps --wheel-dir "$$tmp/dist" "$$tmp/src"; \
	wheel=$$(ls "$$tmp"/dist/icssi_wagtail-*.whl); \
	echo "+ installing $$(basename $$wheel)[testing]" $(WHEEL_PINS); \
	.venv-wheel/bin/python -m pip install $(PIP_QUIET) "$$wheel[testing]" $(WHEEL_PINS); \
	mkdir "$$tmp/run"; cp -R tests "$$tmp/run/tests"; cp -R examples "$$tmp/run/examples"; cp pyproject.toml "$$tmp/run/"; \
	find "$$tmp/run" \( -name __pycache__ -o -name '*.sqlite3' \) -prune -exec rm -rf {} +; \
	here=$$(pwd); cd "$$tmp/run"; \
	$(MAKE) --no-print-directory -C "$$here" versions VERSIONS_PYTHON="$$here/.venv-wheel/bin/python"; \
	env -u PYTHONPATH "$$here/.venv-wheel/bin/python" -c "import sys, sysconfig, icssi_wagtail, pytest; \
	f = icssi_wagtail.__file__; print('icssi_wagtail imported from', f); \
	f.startswith(sysconfig.get_paths()['purelib']) or sys.exit('ERROR: not the installed wheel'); \
	sys.exit(pytest.main(['-p', 'no:cacheprovider']))"

# The foreign site (foreign_site/, docs/integration.md): a Wagtail site of its own (its own home
# page, base template with other block names, simple_translation, no i18n_patterns, its own API
# router, a subclass of ActivityPage) that installs the built wheel, not the checkout, in a new
# .venv-foreign, and runs its own tests from its own folder.
FOREIGN_PINS ?= "wagtail>=7.4,<7.5" "django>=5.2,<5.3" "pytest>=8" "pytest-django>=4.9"
test-foreign:
	@set -eu; \
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	echo "+ building the wheel"; \
	rm -rf .venv-foreign; $(PYTHON) -m venv .venv-foreign; echo '*' > .venv-foreign/.gitignore; \
	.venv-foreign/bin/python -m pip install $(PIP_QUIET) --upgrade pip; \
	mkdir "$$tmp/src"; \
	tar -c --exclude=./.git --exclude='./.venv*' --exclude=./build --exclude=./dist \
		--exclude='*.egg-info' --exclude=__pycache__ --exclude=./demo --exclude=./tests \
		--exclude=./foreign_site . | tar -x -C "$$tmp/src"; \
	.venv-foreign/bin/python -m pip wheel $(PIP_QUIET) --no-deps --wheel-dir "$$tmp/dist" "$$tmp/src"; \
	wheel=$$(ls "$$tmp"/dist/icssi_wagtail-*.whl); \
	echo "+ installing $$(basename $$wheel)" $(FOREIGN_PINS); \
	.venv-foreign/bin/python -m pip install $(PIP_QUIET) "$$wheel" $(FOREIGN_PINS); \
	$(MAKE) --no-print-directory versions VERSIONS_PYTHON=.venv-foreign/bin/python; \
	cd foreign_site; \
	env -u PYTHONPATH ../.venv-foreign/bin/python -c "import sys, sysconfig, icssi_wagtail, pytest; \
	f = icssi_wagtail.__file__; print('icssi_wagtail imported from', f); \
	f.startswith(sysconfig.get_paths()['purelib']) or sys.exit('ERROR: not the installed wheel'); \
	sys.exit(pytest.main(['-p', 'no:cacheprovider']))"

# One line naming the versions a test run uses (the optional integrations when installed).
versions:
	@$(VERSIONS_PYTHON) -c "import sys; from importlib.metadata import distributions; \
	d = {x.metadata['Name'].lower().replace('_', '-'): x.version for x in distributions()}; \
	print('versions: Python ' + sys.version.split()[0] + ',', ', '.join('%s %s' % (p, d[p]) for p in ( \
	'django', 'wagtail', 'wagtail-localize', 'django-taggit', 'django-modelcluster', 'django-countries', \
	'wagtail-grapple', 'wagtail-headless-preview') if p in d))"

# The pre-commit hooks (.pre-commit-config.yaml) over every tracked file, then ruff over the
# whole tree (new files that are not tracked yet included).
check: $(STAMP)
	$(BIN)/pre-commit run --all-files --show-diff-on-failure
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Update the interface catalogues from the code, then compile them (GNU gettext needed).
messages: $(STAMP)
	cd icssi_wagtail && PYTHONPATH=.. DJANGO_SETTINGS_MODULE=tests.settings ../$(BIN)/django-admin \
		makemessages $(addprefix -l ,$(MESSAGE_LANGUAGES)) --no-location --no-obsolete -i "static/*"
	cd icssi_wagtail && PYTHONPATH=.. DJANGO_SETTINGS_MODULE=tests.settings ../$(BIN)/django-admin compilemessages

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .venv-latest .venv-lowest .venv-wheel .venv-foreign build dist *.egg-info demo/db.sqlite3 demo/media

# The benchmark (docs/performance.md): seeds BENCH_SIZES activities into a bench SQLite file, or
# into the database DATABASE_URL names (created and dropped by the run), and compares our pages
# and endpoints with stock Wagtail. BENCH_ARGS passes options, e.g. BENCH_ARGS="--profile".
BENCH_SIZES ?= 2000,10000
BENCH_ARGS ?=
.PHONY: bench
bench: $(STAMP)
	@$(MAKE) --no-print-directory versions VERSIONS_PYTHON=$(BIN)/python
	BENCH_SIZES="$(BENCH_SIZES)" DATABASE_URL="$(DATABASE_URL)" $(BIN)/python -m benchmarks $(BENCH_ARGS)

# The load and fault run (reliability/run.py, docs/reliability.md): gunicorn with 2 workers on a
# private PostgreSQL cluster (created, restarted half-way, removed), load on the listing and the
# API while an editor publishes; fails if a revision is lost or requests fail outside the outage.
RELIABILITY_SECONDS ?= 60
reliability: $(STAMP)
	$(BIN)/python reliability/run.py --seconds $(RELIABILITY_SECONDS) $(RELIABILITY_ARGS)

# The load run (benchmarks/load.py, docs/scaling.md): seeds LOAD_SIZE activities into the
# PostgreSQL database LOAD_DATABASE_URL (created and dropped; an existing one only if its name
# contains "load"), serves it with gunicorn (2 sync workers) and requests our listing and API and
# the stock ones, LOAD_SECONDS each with LOAD_CLIENTS connections. LOAD_REDIS_URL: Redis as the
# cache (default: local memory). LOAD_ARGS passes options, e.g. LOAD_ARGS="--strict".
LOAD_SECONDS ?= 15
LOAD_SIZE ?= 2000
LOAD_CLIENTS ?= 8
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/icssi_load
LOAD_REDIS_URL ?=
# The load run's keys in Redis start with this (it clears them at its start and end).
LOAD_CACHE_PREFIX ?= icssi-bench
LOAD_ARGS ?=
load: $(STAMP)
	@$(MAKE) --no-print-directory versions VERSIONS_PYTHON=$(BIN)/python
	DATABASE_URL="$(LOAD_DATABASE_URL)" REDIS_URL="$(LOAD_REDIS_URL)" BENCH_CACHE_PREFIX="$(LOAD_CACHE_PREFIX)" \
		$(BIN)/python -m benchmarks.load \
		--seconds $(LOAD_SECONDS) --size $(LOAD_SIZE) --clients $(LOAD_CLIENTS) $(LOAD_ARGS)

# The screenshots of docs/editors.md and docs/translators.md, taken by the browser test of the
# editorial flow (needs Chromium); CI runs the same test without writing into the tree.
.PHONY: docs-screenshots
docs-screenshots: $(STAMP)
	ICSSI_DOCS_SCREENSHOTS=1 $(BIN)/python -m pytest -p no:cacheprovider -q tests/browser/test_editorial_flow.py
