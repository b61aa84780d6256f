# toasoan: `make run` serves the portal on SQLite; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
HOST ?= 127.0.0.1
MANAGE := $(PY) manage.py

.PHONY: run serve install install-test migrate demo messages test lint lint-imports check-deploy clean browser-deps bench-transcode live-player khmer-font demo-streams backup restore lock system-libmagic system-icu system-espeak

# Every package comes from a lock file with hashes (requirements/, written by `make lock` from
# pyproject.toml): the venv's own pip, setuptools and wheel first, then one set, then the
# project itself without dependencies and without a build environment fetched on the side.
REQUIREMENTS := requirements
define install_locked
	$(PIP) install --quiet --require-hashes -r $(REQUIREMENTS)/venv.txt
	$(PIP) install --quiet --require-hashes -r $(REQUIREMENTS)/$(1).txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
endef

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes -r $(REQUIREMENTS)/venv.txt

$(VENV)/.installed: pyproject.toml $(REQUIREMENTS)/base.txt $(REQUIREMENTS)/venv.txt | $(VENV)/bin/python system-icu
	$(call install_locked,base)
	touch $@

$(VENV)/.installed-test: pyproject.toml $(REQUIREMENTS)/test.txt $(REQUIREMENTS)/venv.txt | $(VENV)/bin/python system-icu
	$(call install_locked,test)
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Compile every Vietnamese catalogue (project apps and i18n/ overrides of Wagtail's own).
messages: $(VENV)/.installed
	$(MANAGE) compilemessages --ignore=$(VENV) --ignore=node_modules -v 0

# Debian's libmagic reads what an uploaded document contains (core.documents).
system-libmagic:
	@ldconfig -p 2>/dev/null | grep -q 'libmagic\.so\.1' || \
	  (apt-get update -qq && apt-get install -y -qq libmagic1)

# PyICU (core.khmer: Khmer words for the search) is built from source against Debian's ICU:
# its headers (libicu-dev), pkg-config to find them, and a C++ compiler.
system-icu:
	@(pkg-config --exists icu-i18n 2>/dev/null && command -v c++ >/dev/null) || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libicu-dev pkg-config g++)

# Debian's espeak-ng reads articles aloud (listen: the offline machine voice).
system-espeak:
	@command -v espeak-ng >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng)

migrate: install messages system-libmagic system-espeak
	mkdir -p var
	$(MANAGE) migrate --noinput -v 0

demo: migrate
	$(MANAGE) load_demo_content
	$(MANAGE) ensure_admin

# Looping demo streams for the demo channels, encoded once with ffmpeg (skipped when done, or
# with a message when ffmpeg is missing).
demo-streams: demo
	$(MANAGE) make_demo_streams

run: demo demo-streams live-player khmer-font
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@# Newsroom: the scheduler (scheduled publishing/expiry every minute) and the task worker
	@# (episode transcodes, transcode app; article audio, listen app) live and die with runserver.
	@$(MANAGE) run_scheduler & scheduler=$$!; \
	$(MANAGE) db_worker & worker=$$!; \
	trap 'kill $$scheduler $$worker 2>/dev/null; wait $$scheduler $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

# Under CI=true (or TEST_POSTGRES=1) the suite runs twice: on SQLite (tests marked postgres
# deselected), then whole on PostgreSQL + Redis (see docs/architecture.md, "Tests").
CI_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/toasoan_ci
CI_REDIS_URL ?= redis://127.0.0.1:6379/1
test: install-test messages system-libmagic system-espeak browser-deps live-player khmer-font lint-imports
	@if [ "$${CI:-}" = "true" ] || [ -n "$${TEST_POSTGRES:-}" ]; then \
	  $(VENV)/bin/pytest -m "not postgres" $(PYTEST_ARGS) && \
	  echo "== the suite again on PostgreSQL ($(CI_DATABASE_URL)) and Redis" && \
	  DATABASE_URL=$(CI_DATABASE_URL) REDIS_URL=$(CI_REDIS_URL) $(VENV)/bin/pytest $(PYTEST_ARGS); \
	else $(VENV)/bin/pytest $(PYTEST_ARGS); fi

# Browser checks (syndication): axe-core from npm, pinned by the lockfile, for the Chromium tests.
BROWSER_DIR := syndication/browser
$(BROWSER_DIR)/node_modules/.installed: $(BROWSER_DIR)/package-lock.json
	@if command -v npm >/dev/null; then \
	  cd $(BROWSER_DIR) && npm ci --no-audit --no-fund --silent && touch node_modules/.installed; \
	else echo "npm not found: the axe-core checks will skip here (they fail under CI=true)"; fi
browser-deps: $(BROWSER_DIR)/node_modules/.installed live-player

# The live player's hls.js and its transmuxing worker from npm, pinned by the lockfile, copied
# under live/static/ (without their source-map references: the maps are not shipped, and
# collectstatic's manifest would look for them) so they are served from our own origin, as the
# Content-Security-Policy requires (collectstatic takes them from there); node_modules is not
# kept.
LIVE_SRC := live/static_src
LIVE_VENDOR := live/static/live/vendor
$(LIVE_VENDOR)/hls.min.js $(LIVE_VENDOR)/hls.worker.js &: $(LIVE_SRC)/package-lock.json
	@if command -v npm >/dev/null; then \
	  (cd $(LIVE_SRC) && npm ci --no-audit --no-fund --silent) && mkdir -p $(LIVE_VENDOR) && \
	  for file in hls.min.js hls.worker.js; do \
	    sed -e 's|//# sourceMappingURL=[^ ]*||' $(LIVE_SRC)/node_modules/hls.js/dist/$$file \
	      > $(LIVE_VENDOR)/$$file || exit 1; \
	  done && cp $(LIVE_SRC)/node_modules/hls.js/LICENSE $(LIVE_VENDOR)/ && \
	  rm -rf $(LIVE_SRC)/node_modules; \
	else echo "npm not found (apt-get install npm): without hls.js the live pages say the stream cannot play"; fi
live-player: $(LIVE_VENDOR)/hls.min.js $(LIVE_VENDOR)/hls.worker.js

# Noto Sans Khmer for the Khmer edition, from npm's @fontsource (pinned by the lockfile): only
# its Khmer-subset files (regular and bold), copied under core/static/ so they are served from
# our own origin; site.css declares them with a Khmer-only unicode-range.
FONT_SRC := core/static_src
FONT_DIR := core/static/core/fonts
KHMER_FONTS := $(FONT_DIR)/noto-sans-khmer-khmer-400-normal.woff2 $(FONT_DIR)/noto-sans-khmer-khmer-700-normal.woff2
$(KHMER_FONTS) &: $(FONT_SRC)/package-lock.json
	@if command -v npm >/dev/null; then \
	  (cd $(FONT_SRC) && npm ci --no-audit --no-fund --silent) && mkdir -p $(FONT_DIR) && \
	  cp $(FONT_SRC)/node_modules/@fontsource/noto-sans-khmer/files/noto-sans-khmer-khmer-{400,700}-normal.woff2 $(FONT_DIR)/ && \
	  cp $(FONT_SRC)/node_modules/@fontsource/noto-sans-khmer/LICENSE $(FONT_DIR)/ && \
	  rm -rf $(FONT_SRC)/node_modules; \
	else echo "npm not found (apt-get install npm): Khmer pages fall back to the system's Khmer font"; fi
khmer-font: $(KHMER_FONTS)

lint: install-test lint-imports
	$(VENV)/bin/ruff check .

# The layers between the apps (pyproject.toml [tool.importlinter]).
lint-imports: install-test
	$(VENV)/bin/lint-imports --no-cache

check-deploy: install
	DJANGO_SETTINGS_MODULE=toasoan.settings.production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	ALLOWED_HOSTS=thst.example.vn DATABASE_URL=sqlite:///var/check.sqlite3 \
	$(MANAGE) check --deploy --fail-level WARNING

# Seconds of transcoding per minute of 720p input (bench/transcode_speed.py; needs ffmpeg).
bench-transcode: install
	$(PY) bench/transcode_speed.py

# Build outputs only. The database, media, backups, logs and secret files (var/db.sqlite3,
# var/media, var/backups, var/prod/{media,log,secret_key,toasoan.env}, .admin-password) stay.
CLEAN_PATHS = $(VENV) var/static var/test-media var/check.sqlite3 var/prod/static \
	var/prod/nginx var/prod/supervisord.conf .pytest_cache .ruff_cache test-artifacts \
	$(LIVE_VENDOR) $(BROWSER_DIR)/node_modules $(LIVE_SRC)/node_modules
clean:
	rm -rf $(CLEAN_PATHS)
	find . -path ./$(VENV) -prune -o -path ./var -prune -o \( -name __pycache__ -o -name '*.egg-info' \) -type d -prune -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -path ./var -prune -o -name '*.mo' -type f -exec rm -f {} +

# Backups (docs/deploy.md, "Backups"): one archive of the database, media and secret files.
# BACKUP_DIR changes where (default var/backups); FORCE=1 lets a restore replace a site.
backup: install
	$(MANAGE) backup $(if $(BACKUP_DIR),--dir "$(BACKUP_DIR)")

restore: install messages
	@if [ -z "$(FILE)" ]; then echo "usage: make restore FILE=var/backups/toasoan-backup-….tar [FORCE=1]"; exit 2; fi
	mkdir -p var
	$(MANAGE) restore "$(FILE)" $(if $(filter 1 yes true,$(FORCE)),--force)
	$(MANAGE) migrate --noinput -v 0

# Rewrite the lock files from pyproject.toml with the pinned uv (UPGRADE=1: newest versions).
UV_COMPILE = $(VENV)/bin/uv pip compile --quiet --generate-hashes --universal \
	--python-version 3.11 --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)
lock: | $(VENV)/bin/python
	$(PIP) install --quiet --require-hashes -r $(REQUIREMENTS)/uv.txt
	$(UV_COMPILE) pyproject.toml -o $(REQUIREMENTS)/base.txt
	$(UV_COMPILE) pyproject.toml --extra prod -o $(REQUIREMENTS)/prod.txt
	$(UV_COMPILE) pyproject.toml --extra test -o $(REQUIREMENTS)/test.txt
	$(UV_COMPILE) $(REQUIREMENTS)/venv.in -o $(REQUIREMENTS)/venv.txt
	$(UV_COMPILE) $(REQUIREMENTS)/uv.in -o $(REQUIREMENTS)/uv.txt

# --- Production stack on loopback: nginx → granian → PostgreSQL/Redis, + workers. ---
# `make prod` / `make prod-stop`; see docs/deploy.md. Everything goes under var/prod/.
PROD_PORT ?= 8080
APP_PORT ?= 8081
PROD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/toasoan
PROD_REDIS_URL ?= redis://127.0.0.1:6379/0
PROD_ENV = PROD_PORT=$(PROD_PORT) APP_PORT=$(APP_PORT) \
	DATABASE_URL=$${DATABASE_URL:-$(PROD_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(PROD_REDIS_URL)}

.PHONY: prod prod-stop prod-status deploy-units install-prod system-nginx system-wrk bench faults

$(VENV)/.installed-prod: pyproject.toml $(REQUIREMENTS)/prod.txt $(REQUIREMENTS)/venv.txt | $(VENV)/bin/python system-icu
	$(call install_locked,prod)
	touch $(VENV)/.installed $@

install-prod: $(VENV)/.installed-prod

system-nginx:
	@command -v nginx >/dev/null || (apt-get update -qq && apt-get install -y -qq nginx)

system-wrk:
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)

prod: install-prod messages system-nginx system-libmagic live-player
	$(PROD_ENV) $(PY) deploy/prodstack.py start

prod-stop:
	$(PROD_ENV) $(PY) deploy/prodstack.py stop

prod-status:
	$(PROD_ENV) $(PY) deploy/prodstack.py status

# The systemd units in deploy/systemd/ are generated from deploy/services.py (commit them).
deploy-units:
	$(PY) deploy/services.py units

# Faults under load (docs/faults.md): a private PostgreSQL, Redis and stack on free ports lose
# PostgreSQL, then Redis, then the app server, under a steady load; prints the figures.
faults: install-prod messages system-nginx live-player
	$(PY) -u deploy/faults.py

# Benchmark (not a test): `make bench ARTICLES=100000`; results in bench/results/latest.json.
ARTICLES ?= 1000000
SEED ?= 1
bench: install-prod messages system-nginx system-wrk
	ARTICLES=$(ARTICLES) SEED=$(SEED) $(PY) -u bench/run.py
