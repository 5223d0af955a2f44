# site_lak — the two commands a new user needs are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install messages check lint services services-stop serve worker bench clean

# The virtualenv is rebuilt only when the requirements change.
$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

messages: install
	$(MANAGE) compilemessages --ignore=.venv --verbosity 0

## make run: install, migrate, bootstrap with demo content, and serve on the embedded defaults.
run: messages
	$(MANAGE) migrate --no-input --verbosity 0
	$(MANAGE) bootstrap_site --demo
	@echo "Site:  http://$(HOST):$(PORT)/vi/    Admin: http://$(HOST):$(PORT)/admin/"
	$(MANAGE) runserver $(HOST):$(PORT)

## make test: the whole suite (services and browser tests run when DATABASE_URL/SEARCH_URL/Chromium are there).
test: messages
	$(MANAGE) makemigrations --check --dry-run --verbosity 1
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## make services: PostgreSQL and OpenSearch for development, as CI runs them. Then: eval "$$(scripts/services.sh env)"
services:
	scripts/services.sh start

services-stop:
	scripts/services.sh stop

clean:
	rm -rf $(VENV) static_collected test-artifacts .pytest_cache .ruff_cache
