# toasoan: `make run` serves the portal on SQLite; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
HOST ?= 127.0.0.1
MANAGE := $(PY) manage.py

.PHONY: run serve install install-test migrate demo messages test lint check-deploy clean browser-deps

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet -e ".[test]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Compile every Vietnamese catalogue (project apps and i18n/ overrides of Wagtail's own).
messages: $(VENV)/.installed
	$(MANAGE) compilemessages --ignore=$(VENV) --ignore=node_modules -v 0

migrate: install messages
	mkdir -p var
	$(MANAGE) migrate --noinput -v 0

demo: migrate
	$(MANAGE) load_demo_content
	$(MANAGE) ensure_admin

run: demo
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@# Newsroom: the scheduler (scheduled publishing/expiry every minute) lives and dies with runserver.
	@$(MANAGE) run_scheduler & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null; wait $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

test: install-test messages browser-deps
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Browser checks (syndication): axe-core from npm, pinned by the lockfile, for the Chromium tests.
BROWSER_DIR := syndication/browser
$(BROWSER_DIR)/node_modules/.installed: $(BROWSER_DIR)/package-lock.json
	@if command -v npm >/dev/null; then \
	  cd $(BROWSER_DIR) && npm ci --no-audit --no-fund --silent && touch node_modules/.installed; \
	else echo "npm not found: the axe-core checks will skip here (they fail under CI=true)"; fi
browser-deps: $(BROWSER_DIR)/node_modules/.installed

lint: install-test
	$(VENV)/bin/ruff check .

check-deploy: install
	DJANGO_SETTINGS_MODULE=toasoan.settings.production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	ALLOWED_HOSTS=thst.example.vn DATABASE_URL=sqlite:///var/check.sqlite3 \
	$(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var
