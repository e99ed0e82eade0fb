# The two commands a new user needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run

# Django 6.1 needs Python 3.12+; take the first interpreter that qualifies.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python; do \
	"$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$$p"; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint check-python setup

check-python:
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (Django 6.1 requires it). Install python3.12+ or set PYTHON=/path/to/python3.12." >&2; exit 1; }

# pip's own output goes to a log, shown only when installing fails.
INSTALL = { $(PY) -m pip install --quiet --upgrade pip && $(PY) -m pip install --quiet -e "$(1)"; } \
	>var/install.log 2>&1 || { tail -n 30 var/install.log; echo "Installing failed; the whole log is var/install.log." >&2; exit 1; }

$(VENV)/.installed: pyproject.toml | check-python
	@mkdir -p var
	@echo "Installing the back-office and its packages into .venv (first run, or pyproject.toml changed)..."
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(call INSTALL,.)
	@touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	@echo "Installing the test tools into .venv..."
	@$(call INSTALL,.[test])
	@touch $@

.env:
	@cp .env.example .env
	@$(PYTHON) -c "import re, secrets; p='.env'; s=open(p).read(); open(p, 'w').write(re.sub(r'(?m)^SECRET_KEY=.*$$', 'SECRET_KEY=' + secrets.token_urlsafe(50), s))"
	@echo "Wrote .env from .env.example (sandbox on, DEBUG on)."

setup: $(VENV)/.installed .env
	@mkdir -p var
	@echo "Preparing the database, static files, schedules and demo data..."
	@$(PY) manage.py migrate --noinput --verbosity 0
	@$(PY) manage.py collectstatic --noinput --verbosity 0
	@$(PY) manage.py setup_schedules --verbosity 0
	@$(PY) manage.py load_demo

# The sandbox's partner URLs follow the address served (backoffice/settings.py: SANDBOX_ORIGIN).
run setup: export SANDBOX_ORIGIN = http://$(HOST):$(PORT)

# Starts the web server and one django-q2 cluster. Ctrl-C or SIGTERM stops both; the trap resets itself first,
# so its own signal to the children cannot run it again.
run: setup
	@echo "Back-office on http://$(HOST):$(PORT)/admin/ (log in with the demo account above; Ctrl-C stops the web server and the queue)"
	@setsid $(PY) manage.py qcluster & queue=$$!; \
	$(PY) manage.py runserver $(HOST):$(PORT) --noreload & web=$$!; \
	trap 'trap - INT TERM; kill -TERM $$web $$queue 2>/dev/null; wait; exit 0' INT TERM; \
	wait $$web; kill -TERM $$queue 2>/dev/null; wait

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .

# Two pytest-xdist workers (one per core of the 2-core machine the suite is timed on); TEST_WORKERS=0 runs it in
# one process.
TEST_WORKERS ?= 2
test: $(VENV)/.test-installed
	@bash .ci/ensure-chromium
	$(VENV)/bin/ruff check .
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run --verbosity 1
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)
