# The commands people type. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) backend/manage.py
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
REFERENCE_FRONTEND := frontend-contract/reference-frontend

.PHONY: help install run worker demo test test-slow lint format typecheck \
        openapi openapi-check browser-deps node-deps frontend-build frontend contract \
        bench bench-deps varnish-deps proxy-deps clean examples contract-types

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-15s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project and its dev tools

run: install ## Migrate, load demo content, start the web server and the task worker (dev)
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) load_demo_content
	$(MANAGE) ensure_dev_admin
	@echo "API: http://$(HOST):$(PORT)/api/v1/  docs: http://$(HOST):$(PORT)/api/v1/docs/"
	@trap 'kill 0' EXIT INT TERM; \
	  $(MANAGE) db_worker --interval 1 & \
	  $(MANAGE) run_scheduler & \
	  $(MANAGE) runserver --noreload $(HOST):$(PORT)

worker: install ## Run only the background task worker
	$(MANAGE) db_worker

demo: install ## Load (or refresh) the demo content
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) load_demo_content

test: install ## Run the test suite (DATABASE_URL selects the database; SQLite if unset)
	$(VENV)/bin/pytest -m "not browser and not live" -q $(PYTEST_ARGS)

test-slow: install browser-deps varnish-deps proxy-deps frontend-build ## Run the browser and live-server suites
	$(VENV)/bin/pytest -m "browser or live" -q $(PYTEST_ARGS)

lint: install ## ruff, mypy (typecheck), and fail if models and migrations disagree
	$(VENV)/bin/ruff check backend tests benchmarks
	$(VENV)/bin/ruff format --check backend tests benchmarks
	$(MAKE) --no-print-directory typecheck
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

format: install ## Format and autofix with ruff
	$(VENV)/bin/ruff format backend tests benchmarks
	$(VENV)/bin/ruff check --fix backend tests benchmarks

# What mypy holds to its rules: the HTTP layer, every app's services and
# selectors, and the shared errors and accounts services they raise and call.
TYPED := api core/errors.py core/accounts.py $(wildcard backend/*/services.py \
         backend/*/services backend/*/selectors.py)

typecheck: install ## mypy (django-stubs) on api, services and selectors
	cd backend && ../$(VENV)/bin/mypy --config-file ../pyproject.toml \
	  $(patsubst backend/%,%,$(TYPED))

openapi: install ## Regenerate openapi.yaml from the code
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) spectacular --validate --fail-on-warn --file openapi.yaml

openapi-check: install ## Fail when openapi.yaml differs from what the code generates
	$(VENV)/bin/pytest -q tests/contract/test_openapi_drift.py

examples: install ## Record frontend-contract/examples/ from the demo content (throwaway database)
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	  export DJANGO_SETTINGS_MODULE=config.settings.test LOG_LEVEL=ERROR \
	    DATABASE_URL="sqlite:///$$tmp/examples.sqlite3" MEDIA_ROOT="$$tmp/media"; \
	  $(MANAGE) migrate --no-input -v0 && \
	  $(MANAGE) load_demo_content >/dev/null && \
	  $(MANAGE) record_examples

contract-types: node-deps ## Regenerate frontend-contract/src/schema.d.ts from openapi.yaml
	cd frontend-contract && npm run --silent generate

contract: install node-deps ## Frontend contract: types, typecheck, node tests and schemathesis on a live server
	$(VENV)/bin/pytest -q tests/contract $(PYTEST_ARGS)

browser-deps: ## Install Debian's chromium for the browser tests (needs root)
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

node-deps: ## Install the frontend contract's npm packages
	@if [ -f frontend-contract/package.json ]; then cd frontend-contract && npm ci --no-audit --no-fund --silent; fi
	cd $(REFERENCE_FRONTEND) && npm ci --no-audit --no-fund --silent

frontend-build: node-deps ## Type-check and build the reference frontend into its dist/
	cd $(REFERENCE_FRONTEND) && npm run --silent build

frontend: frontend-build ## Serve the reference frontend on :5173 against the API on :$(PORT)
	@echo "Open http://localhost:5173/ (the origin the dev API allows by default)"
	node $(REFERENCE_FRONTEND)/serve.mjs --port 5173 --api http://$(HOST):$(PORT)

varnish-deps: ## Install Debian's varnish and varnish-modules (xkey) for the HTTP cache tests (needs root)
	@command -v varnishd >/dev/null && dpkg -s varnish-modules >/dev/null 2>&1 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish varnish-modules >/dev/null)

proxy-deps: ## Install Debian's nginx, the buffering proxy of backend/config/nginx.conf (needs root)
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || (apt-get update -qq && apt-get install -y -qq nginx >/dev/null)

bench-deps: varnish-deps ## Install Debian's wrk, nginx and valgrind for the benchmarks (needs root)
	@command -v wrk >/dev/null && command -v nginx >/dev/null && command -v valgrind >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx valgrind >/dev/null)

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/intl_bench
# Production shares its caches and throttle counters in Redis; so does the
# benchmark when this one answers (empty: nothing shared but the database).
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/13

bench: install bench-deps ## Benchmarks: ours vs Wagtail API v2, the ceilings and Varnish (PostgreSQL; BENCH_DATABASE_URL=sqlite for SQLite)
	@$(PY) -c "import matplotlib" 2>/dev/null || $(PY) -m pip install --quiet ".[bench]"
	BENCH_DATABASE_URL="$(BENCH_DATABASE_URL)" REDIS_URL="$(BENCH_REDIS_URL)" $(PY) benchmarks/run.py

clean: ## Remove the dev database, media and caches
	rm -rf var .pytest_cache .ruff_cache .mypy_cache
