# community — every task a developer or CI needs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask --app community
HOST ?= 127.0.0.1
PORT ?= 5000
PYTEST_ARGS ?=

.PHONY: reputation-rebuild send-mail
reputation-rebuild: install instance/config.py ## Recompute reputation and badges from votes, accepts and deflections
	$(FLASK) reputation rebuild

send-mail: install instance/config.py ## Send pending notification digests (run from cron)
	$(FLASK) notifications send-mail

.PHONY: help install run test test-sqlite test-postgres test-browser test-security lint fmt typecheck bench load db-upgrade db-migrate reindex seed clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed ## Create the virtualenv and install the app with dev tools

instance/config.py:
	mkdir -p instance
	@# A random secret per installation; instance/ is never committed.
	$(PY) -c 'import secrets; print("SECRET_KEY = " + repr(secrets.token_hex(32)))' > $@

db-upgrade: install instance/config.py ## Apply database migrations
	$(FLASK) db upgrade

db-migrate: install instance/config.py ## Autogenerate a migration: make db-migrate m="what changed"
	$(FLASK) db migrate -m "$(m)"

seed: db-upgrade ## Load the demo community (idempotent)
	$(FLASK) seed-demo
	$(FLASK) reputation rebuild

reindex: install instance/config.py ## Rebuild the search index from the database
	$(FLASK) search reindex

run: seed ## Set everything up and serve on http://$(HOST):$(PORT)
	$(FLASK) search reindex
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install ## Run every test (SQLite, then PostgreSQL when COMMUNITY_TEST_DATABASE_URL is set)
	$(VENV)/bin/pytest $(PYTEST_ARGS)
	@if [ -n "$$COMMUNITY_TEST_DATABASE_URL" ]; then \
		echo "== same suite on PostgreSQL ($$COMMUNITY_TEST_DATABASE_URL)"; \
		COMMUNITY_TEST_BACKEND=postgres $(VENV)/bin/pytest -m "not browser" $(PYTEST_ARGS); \
	fi

lint: install ## ruff lint and format check
	$(VENV)/bin/ruff check community tests bench
	$(VENV)/bin/ruff format --check community tests bench

fmt: install ## Format the code with ruff
	$(VENV)/bin/ruff format community tests bench
	$(VENV)/bin/ruff check --fix community tests bench

typecheck: install ## mypy on the package
	$(VENV)/bin/mypy community

bench: install ## Print the performance figures the issues ask for (every bench in bench/run.py)
	$(PY) bench/run.py

load: install ## 50 members write concurrently on gunicorn+PostgreSQL, then kill -9 a worker
	$(PY) -m bench.load

test-browser: install ## Only the real-browser tests (Debian chromium)
	$(VENV)/bin/pytest -m browser $(PYTEST_ARGS)

test-security: install ## Only the security suite (XSS corpus, CSRF, access matrix, headers, API fuzz)
	$(VENV)/bin/pytest tests/security $(PYTEST_ARGS)

clean: ## Remove the virtualenv, caches and local data
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache instance
