# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_ADMIN_USER ?= admin
DEMO_ADMIN_PASSWORD ?= icssi-demo
DEMO_MANAGE := cd demo && ../$(BIN)/python manage.py

.PHONY: help venv demo demo-setup test check lint format clean

help:
	@echo "make demo   - create .venv, install, migrate, load the demo content and serve on 127.0.0.1:8000"
	@echo "make test   - create .venv, install and run the whole test suite"
	@echo "make check  - ruff and makemigrations --check"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[testing,lint]"
	touch $(STAMP)

venv: $(STAMP)

demo-setup: $(STAMP)
	$(DEMO_MANAGE) migrate --noinput
	$(DEMO_MANAGE) load_icssi_demo
	$(DEMO_MANAGE) shell -c "from django.contrib.auth import get_user_model; U = get_user_model(); U.objects.filter(username='$(DEMO_ADMIN_USER)').exists() or U.objects.create_superuser('$(DEMO_ADMIN_USER)', 'admin@example.org', '$(DEMO_ADMIN_PASSWORD)')"

demo: demo-setup
	@echo ""
	@echo "  Site:   http://127.0.0.1:8000/"
	@echo "  Admin:  http://127.0.0.1:8000/admin/  (login: $(DEMO_ADMIN_USER) / $(DEMO_ADMIN_PASSWORD))"
	@echo ""
	$(DEMO_MANAGE) runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=. DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/django-admin makemigrations --check --dry-run icssi_wagtail

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) build dist *.egg-info demo/db.sqlite3 demo/media tests/test.sqlite3
