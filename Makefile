# TKI-silta developer tasks. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK_HASH := $(shell sha1sum requirements.lock | cut -c1-12)
STAMP := $(VENV)/.installed-$(LOCK_HASH)
DEMO_ENV := DJANGO_DEBUG=1
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help

help: ## List the tasks
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}'

install: $(STAMP) assets ## Create .venv, install the locked dependencies and the front-end assets

# Front-end libraries come from the npm registry at build time (package-lock.json pins them)
# and are copied into static/vendor/, which is not committed; nothing loads from a CDN.
VENDOR := static/vendor
NPM_CI ?= npm ci --no-audit --no-fund --loglevel=error
VENDOR_STAMP := $(VENDOR)/.installed-$(shell sha1sum package-lock.json | cut -c1-12)

assets: $(VENDOR_STAMP) ## Install the front-end libraries (Bootstrap, htmx, Chart.js, axe-core) into static/vendor/

$(VENDOR_STAMP): package-lock.json
	$(NPM_CI)
	@rm -rf $(VENDOR) && mkdir -p $(VENDOR)/bootstrap $(VENDOR)/htmx $(VENDOR)/chartjs $(VENDOR)/axe
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map $(VENDOR)/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map $(VENDOR)/chartjs/
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe/
	@touch $@

$(STAMP): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	@rm -f $(VENV)/.installed-* && touch $@

# Finnish lemmas (Voikko) and bilingual dictionaries (FreeDict) for the matching engine.
LANGUAGE_PACKAGES := python3-libvoikko voikko-fi dict-freedict-fin-eng dict-freedict-eng-fin \
	dict-freedict-swe-eng dict-freedict-eng-swe dict-freedict-fin-swe

language-resources: ## Install Voikko and the FreeDict dictionaries if missing (Debian)
	@if [ -f /usr/share/dictd/freedict-fin-eng.index ] && [ -f /usr/lib/python3/dist-packages/libvoikko.py ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(LANGUAGE_PACKAGES) >/dev/null) \
	    || echo "Could not install $(LANGUAGE_PACKAGES); matching runs on Snowball stems only."; \
	else echo "Install $(LANGUAGE_PACKAGES) for the best matching; it runs on Snowball stems without them."; fi

demo: install language-resources ## Run the product with demo data on the embedded default (SQLite, no Redis/Elasticsearch)
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py load_demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	$(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

browser: ## Install Debian's Chromium for the browser tests if it is missing
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "Could not install chromium; browser tests will not run."; \
	  else echo "chromium is missing (install Debian's chromium package); browser tests will not run."; fi; }

test: install browser language-resources ## Run the whole test suite
	$(BIN)/python -m pytest

bench: install language-resources ## Benchmarks: ranking quality on the devset, then scale (slow)
	$(BIN)/python bench/quality.py
	$(BIN)/python bench/scale.py

lint: install ## ruff (lint and format check), mypy and the layers contract (import-linter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports

format: install ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install ## Extract and compile the Finnish translations
	$(DEMO_ENV) $(BIN)/python manage.py makemessages -l fi --ignore=.venv --ignore=staticfiles
	$(DEMO_ENV) $(BIN)/python manage.py compilemessages -l fi --ignore=.venv

lock: ## Recompile requirements.lock from pyproject.toml
	@test -x $(BIN)/pip-compile || $(BIN)/pip install -q pip-tools
	$(BIN)/pip-compile -q --extra dev --strip-extras -o requirements.lock pyproject.toml

backup: install ## Back up the database (pg_dump custom format) and the model/media files into var/backups/
	$(BIN)/python manage.py backup

restore: install ## Restore a backup: make restore DUMP=var/backups/tki-....dump FILES=var/backups/tki-...-files.tar.gz
	@test -n "$(DUMP)" || { echo "Give the dump: make restore DUMP=var/backups/tki-....dump [FILES=...-files.tar.gz]"; exit 2; }
	$(BIN)/python manage.py restore --dump "$(DUMP)" $(if $(FILES),--files "$(FILES)")

# The default, matching and e-mail queues (config/settings.py); one worker serves them all.
WORKER_QUEUES ?= celery,matching,email

worker: install ## Run a Celery worker on every queue (needs REDIS_URL)
	$(BIN)/celery -A config worker --loglevel=INFO -Q $(WORKER_QUEUES)

compose-up: ## Run the full stack with docker compose
	@mkdir -p var/secrets && test -s var/secrets/django_secret_key || \
	  $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > var/secrets/django_secret_key
	docker compose up --build

.PHONY: help install assets language-resources demo browser test bench lint format messages lock backup restore worker compose-up
